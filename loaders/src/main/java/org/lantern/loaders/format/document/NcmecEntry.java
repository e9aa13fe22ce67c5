package org.lantern.loaders.format.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.SourceRecord;

/**
 * The parts of one NCMEC entry ({@code <image>}, {@code <video>}, {@code <deletedImage>} or {@code
 * <deletedVideo>}) that become signals, collected while the reader streams the entry, then turned
 * into one record per fingerprint by {@link #records}.
 *
 * <p>Every text kept is cut at {@link #MAX_TEXT} characters (a longer one is marked, and a
 * fingerprint that long is rejected), so an entry costs bounded memory whatever the input holds.
 *
 * <p>Thread-safety: not thread-safe; one per entry.
 */
final class NcmecEntry {
  /** Longest text kept for one field; hashes are at most 64 characters, PhotoDNA about 2,000 (base64). */
  static final int MAX_TEXT = 4096;

  /** Most fingerprints kept for one entry; NCMEC gives a handful. */
  static final int MAX_FINGERPRINTS = 64;

  /** A fingerprint child of {@code <fingerprints>}: its element name and text. */
  record Fingerprint(String name, String value, boolean tooLong) {}

  private final String element; // "image", "deletedVideo", ...
  private final long line;
  String id;
  String memberId;
  String memberName;
  String classification;
  String timestamp;
  private final List<Fingerprint> fingerprints = new ArrayList<>();
  private int fingerprintsDropped;

  NcmecEntry(String element, long line) {
    this.element = element;
    this.line = line;
  }

  /** Whether {@code element} names an entry of a {@code <queryResult>}. */
  static boolean isEntry(String element) {
    return switch (element) {
      case "image", "video", "deletedImage", "deletedVideo" -> true;
      default -> false;
    };
  }

  void addFingerprint(String name, String value, boolean tooLong) {
    if (fingerprints.size() < MAX_FINGERPRINTS) {
      fingerprints.add(new Fingerprint(name, value, tooLong));
    } else {
      fingerprintsDropped++;
    }
  }

  private boolean deleted() {
    return element.startsWith("deleted");
  }

  /** "image" or "video". */
  private String kind() {
    return deleted() ? element.substring("deleted".length()).toLowerCase(Locale.ROOT) : element;
  }

  /** The entry's records, in the order of its fingerprints. */
  List<SourceRecord> records(String original) {
    List<SourceRecord> out = new ArrayList<>(fingerprints.size());
    String name = "<" + element + "> " + (id == null ? "(without <id>)" : "'" + Snippet.of(id) + "'");
    if (fingerprintsDropped > 0) {
      out.add(new SourceRecord.Rejected(line, original, name + " has more than " + MAX_FINGERPRINTS
          + " fingerprints; the " + fingerprintsDropped + " after them were not read"));
    }
    if (fingerprints.isEmpty()) {
      out.add(new SourceRecord.Rejected(line, original, deleted()
          ? name + " lists no <fingerprints>: NCMEC names a deleted entry by its id alone, and Lantern retracts"
              + " by hash value; retract the hashes of entry " + (id == null ? "(unknown)" : Snippet.of(id))
              + (memberId == null ? "" : " of member " + Snippet.of(memberId)) + " by value"
          : name + " has no <fingerprints>; expected at least one of md5, sha1, pdq, pdna"));
      return out;
    }
    String note = deleted() ? null : note();
    List<String> categories = deleted() ? null : NcmecClassification.categories(classification);
    for (Fingerprint fingerprint : fingerprints) {
      out.add(record(fingerprint, name, original, note, categories));
    }
    return out;
  }

  private SourceRecord record(Fingerprint fingerprint, String name, String original, String note, List<String> categories) {
    String label = fingerprint.name().toLowerCase(Locale.ROOT);
    SignalType type = switch (label) {
      case "md5" -> SignalType.MD5;
      case "sha1" -> SignalType.SHA1;
      case "sha256" -> SignalType.SHA256;
      case "pdq" -> SignalType.PDQ;
      default -> null;
    };
    if (type == null) {
      return new SourceRecord.Unsupported(line, original, label.equals("pdna") ? "photodna" : label);
    }
    String field = name + " <fingerprints>/<" + fingerprint.name() + ">";
    try {
      if (fingerprint.tooLong()) {
        throw new BadRecord(field + " is longer than " + MAX_TEXT + " characters; expected " + HexField.digits(type)
            + " hex digits (" + type.label() + ")");
      }
      String value = HexField.canonical(field, type, fingerprint.value());
      return deleted()
          ? new SourceRecord.Retract(line, original, type.label(), value)
          : new SourceRecord.Submit(line, original,
              new SignalSubmission(type.label(), value, categories, note, null, null, null));
    } catch (BadRecord e) {
      return new SourceRecord.Rejected(line, original, e.getMessage());
    }
  }

  /** "NCMEC image 12; member 42 (Example Member); classification A1; timestamp 2017-10-24T15:00:00Z". */
  private String note() {
    String member = memberId == null ? memberName
        : memberName == null || memberName.isBlank() ? memberId : memberId + " (" + memberName.strip() + ")";
    return new Note("NCMEC " + kind())
        .append(id)
        .add("member", member)
        .add("classification", classification)
        .add("timestamp", timestamp)
        .toString();
  }
}
