package org.lantern.loaders.format.line;

import java.io.InputStream;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code hex}: one bare hex hash per line, as the PDQ reference data and most hash dumps are
 * written. Blank lines and {@code #} comments are skipped; either case of hex is accepted (the
 * exchange stores lower case).
 *
 * <p>The type is {@link FormatOptions#bareType()} ({@code --type}) when given, and must then be a
 * hash type. Without it the length decides: 64 digits are PDQ (a SHA-256 list therefore needs
 * {@code --type sha256}), 40 are SHA-1, 32 are MD5, and 16 are refused, because pHash and dHash
 * look the same. The reader checks the characters and, when it infers the type, the length; the
 * exchange checks the rest.
 *
 * <p>This is the fast path of {@code lantern load}: per line, one scan for the line end, one for
 * non-hex characters, and the objects of the record itself.
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class HexListFormat implements InputFormat {
  /** The 16-digit refusal, shared with the tests. */
  static final String AMBIGUOUS_16 =
      "a 16-digit (64-bit) hash is pHash or dHash: say which with --type phash|dhash";

  @Override
  public String name() {
    return "hex";
  }

  @Override
  public String description() {
    return "one hex hash per line; 64 digits = pdq, 40 = sha1, 32 = md5, else --type";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    return HeadSample.of(head, true).mostly(Text::isHex) ? Scores.HEX : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    SignalType type = options.bareType();
    if (type != null && type.family() != SignalType.Family.PERCEPTUAL && type.family() != SignalType.Family.DIGEST) {
      throw new IllegalArgumentException(
          "--type " + type.label() + " does not fit the hex format, which holds hashes (pdq, phash, dhash, md5, "
              + "sha1, sha256); for other values use 'pytx-local' lines ('" + type.label() + " <value>'), csv or jsonl");
    }
    return new Reader(new LineReader(content), type == null ? null : type.label());
  }

  private static final class Reader extends LineRecordReader {
    private final String type; // null: infer from the length

    Reader(LineReader lines, String type) {
      super(lines, true);
      this.type = type;
    }

    @Override
    SourceRecord parse(long line, String text) {
      return parseBare(line, text, type);
    }
  }

  /**
   * One bare hex hash: of {@code type}, or with {@code type} null, of the type its length tells.
   * pytx-local files may hold such lines among their typed ones.
   */
  static SourceRecord parseBare(long line, String text, String type) {
    String hex = text.strip();
    int bad = Text.indexOfNonHex(hex);
    if (bad >= 0) {
      return reject(line, text, bad, hex);
    }
    String label = type != null ? type : inferType(hex.length());
    if (label == null) {
      return new SourceRecord.Rejected(line, SourceRecord.clip(text), lengthProblem(hex.length()));
    }
    return new SourceRecord.Submit(
        line, SourceRecord.clip(text), new SignalSubmission(label, hex, null, null, null, null, null));
  }

  private static SourceRecord reject(long line, String text, int bad, String hex) {
    String reason;
    if (Text.indexOfWhitespace(hex, 0) >= 0) {
      reason = "expected one hex hash per line, got several words (for '<type> <value>' lines use --format pytx-local)";
    } else {
      reason = "hash: character " + (bad + 1) + " (" + Text.quote(String.valueOf(hex.charAt(bad)))
          + ") is not a hex digit";
    }
    return new SourceRecord.Rejected(line, SourceRecord.clip(text), reason);
  }

  private static String inferType(int digits) {
    return switch (digits) {
      case 64 -> SignalType.PDQ.label();
      case 40 -> SignalType.SHA1.label();
      case 32 -> SignalType.MD5.label();
      default -> null;
    };
  }

  private static String lengthProblem(int digits) {
    if (digits == 16) {
      return AMBIGUOUS_16;
    }
    return "hash: expected 64 (pdq), 40 (sha1), 32 (md5) or, with --type, 16 hex digits; got " + digits;
  }
}
