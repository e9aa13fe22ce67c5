package org.lantern.loaders.format.document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.SourceRecord;

/**
 * The meaning of one entry of the Tech Against Terrorism hash list (TCAP), after the entry layout
 * python-threatexchange's TAT client documents:
 *
 * <pre>{@code {"id": 2819, "hash_digest": "<hex>", "algorithm": "MD5", "ideology": "islamist",
 *  "file_type": "mp4", "deleted": false, "updated_on": 1704901040.222779,
 *  "created_on": "2025-03-03 23:05:22,587"}}</pre>
 *
 * <ul>
 *   <li>{@code algorithm} (also read as {@code algorithim}, the spelling of an early version of
 *       that client): MD5, SHA1, SHA256 and PDQ map to Lantern's types (case and a dash ignored:
 *       {@code SHA-256} too); any other algorithm is {@linkplain SourceRecord.Unsupported
 *       unsupported} under its own name in lower case.
 *   <li>{@code deleted: true} retracts the hash; {@code false} or absent submits it.
 *   <li>No category: terrorist and violent extremist content has none in the built-in vocabulary,
 *       so the list's classification (ideology, file type) goes into the note instead.
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class TatRecords implements JsonRecordReader.Converter {
  static final String RECORDS_FIELD = "results";

  @Override
  public SourceRecord convert(Map<String, Object> record, long line, String original) throws BadRecord {
    String algorithm = JsonFields.text(record, "algorithm");
    if (algorithm == null) {
      algorithm = JsonFields.text(record, "algorithim");
    }
    if (algorithm == null || algorithm.isBlank()) {
      throw new BadRecord("field algorithm is missing; expected MD5, SHA1, SHA256 or PDQ (or another algorithm name)");
    }
    String name = algorithm.strip().toLowerCase(Locale.ROOT);
    SignalType type = switch (name.replace("-", "")) {
      case "md5" -> SignalType.MD5;
      case "sha1" -> SignalType.SHA1;
      case "sha256" -> SignalType.SHA256;
      case "pdq" -> SignalType.PDQ;
      default -> null;
    };
    if (type == null) {
      return new SourceRecord.Unsupported(line, original, name);
    }
    String value = HexField.canonical("field hash_digest", type, JsonFields.text(record, "hash_digest"));
    Boolean deleted = JsonFields.flag(record, "deleted");
    if (Boolean.TRUE.equals(deleted)) {
      return new SourceRecord.Retract(line, original, type.label(), value);
    }
    Note note = new Note("Tech Against Terrorism hash list")
        .add("id", JsonFields.scalar(record, "id"))
        .add("ideology", JsonFields.scalar(record, "ideology"))
        .add("file type", JsonFields.scalar(record, "file_type"))
        .add("created", JsonFields.scalar(record, "created_on"))
        .add("updated", updated(record));
    return new SourceRecord.Submit(line, original,
        new SignalSubmission(type.label(), value, null, note.toString(), null, null, null));
  }

  /** {@code updated_on} is seconds since the epoch with a fraction; shown as ISO-8601 UTC to the second. */
  private static String updated(Map<String, Object> record) throws BadRecord {
    String seconds = JsonFields.scalar(record, "updated_on");
    if (seconds == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(new BigDecimal(seconds).longValue()).toString();
    } catch (RuntimeException e) {
      return seconds;
    }
  }
}
