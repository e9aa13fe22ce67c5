package org.lantern.loaders.format.document;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.SourceRecord;

/**
 * The meaning of one StopNCII hash record (an element of {@code hashRecords} in a FetchHashes
 * page), after the record layout python-threatexchange's StopNCII client documents:
 *
 * <pre>{@code {"signalType": "ImagePDQ", "hashValue": "<hex>", "hashStatus": "Active",
 *  "caseNumbers": {"<case id>": "Active"}, "lastModtimestamp": 1625175071,
 *  "CSPFeedbacks": [{"source": "...", "feedbackValue": "Blocked", "tags": ["..."]}],
 *  "hashRegions": ["UK"]}}</pre>
 *
 * <ul>
 *   <li>{@code signalType}: {@code ImagePDQ} is {@code pdq}, {@code VideoMD5} is {@code md5};
 *       any other type (VideoTMK, Text, URL, ...) is {@linkplain SourceRecord.Unsupported
 *       unsupported} under its own name in lower case.
 *   <li>{@code hashStatus}: {@code Active} and {@code Received} (the first state of a case a
 *       person has just submitted; python-threatexchange keeps such hashes too) are submitted;
 *       {@code Withdrawn}, {@code Deleted} and {@code Inactive} are retracted (the person withdrew
 *       the case, or it was closed); anything else is rejected.
 *   <li>Category {@code ncii}: every StopNCII hash is one a person submitted as their own intimate
 *       image shared without consent, so the mapping is certain.
 *   <li>Note: status, number of cases, last change, regions and the platforms' feedback.
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class StopNciiRecords implements JsonRecordReader.Converter {
  static final String RECORDS_FIELD = "hashRecords";

  private static final List<String> CATEGORIES = List.of("ncii");

  @Override
  public SourceRecord convert(Map<String, Object> record, long line, String original) throws BadRecord {
    String signalType = JsonFields.text(record, "signalType");
    if (signalType == null || signalType.isBlank()) {
      throw new BadRecord("field signalType is missing; expected ImagePDQ or VideoMD5 (or another StopNCII signal type)");
    }
    SignalType type = switch (signalType.strip().toLowerCase(Locale.ROOT)) {
      case "imagepdq" -> SignalType.PDQ;
      case "videomd5" -> SignalType.MD5;
      default -> null;
    };
    if (type == null) {
      return new SourceRecord.Unsupported(line, original, signalType.strip().toLowerCase(Locale.ROOT));
    }
    String value = HexField.canonical("field hashValue", type, JsonFields.text(record, "hashValue"));
    String status = JsonFields.text(record, "hashStatus");
    if (status == null || status.isBlank()) {
      throw new BadRecord("field hashStatus is missing; expected Active, Received, Withdrawn, Deleted or Inactive");
    }
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "active", "received" -> new SourceRecord.Submit(line, original,
          new SignalSubmission(type.label(), value, CATEGORIES, note(record, status.strip()), null, null, null));
      case "withdrawn", "deleted", "inactive" -> new SourceRecord.Retract(line, original, type.label(), value);
      default -> throw new BadRecord("field hashStatus is '" + Snippet.of(status)
          + "'; expected Active, Received, Withdrawn, Deleted or Inactive");
    };
  }

  private static String note(Map<String, Object> record, String status) {
    Note note = new Note("StopNCII " + status);
    if (record.get("caseNumbers") instanceof Map<?, ?> cases) {
      note.add("cases", Integer.toString(cases.size()));
    }
    if (record.get("lastModtimestamp") instanceof Number seconds) {
      note.add("last modified", epochSeconds(seconds.toString()));
    }
    if (record.get("hashRegions") instanceof List<?> regions && !regions.isEmpty()) {
      note.add("regions", joinStrings(regions));
    }
    if (record.get("CSPFeedbacks") instanceof List<?> feedbacks && !feedbacks.isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (Object element : feedbacks) {
        if (element instanceof Map<?, ?> feedback) {
          if (!text.isEmpty()) {
            text.append(", ");
          }
          text.append(feedback.get("source") instanceof String source ? source : "?");
          text.append(' ').append(feedback.get("feedbackValue") instanceof String value ? value : "?");
          if (feedback.get("tags") instanceof List<?> tags && !tags.isEmpty()) {
            text.append(" (").append(joinStrings(tags)).append(')');
          }
        }
      }
      note.add("feedback", text.toString());
    }
    return note.toString();
  }

  /** Seconds since the epoch as ISO-8601 UTC; the number as given when it is not a whole number of seconds. */
  static String epochSeconds(String text) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(text)).toString();
    } catch (RuntimeException e) {
      return text;
    }
  }

  private static String joinStrings(List<?> values) {
    StringBuilder out = new StringBuilder();
    for (Object value : values) {
      if (value instanceof String text) {
        if (!out.isEmpty()) {
          out.append(", ");
        }
        out.append(text);
      }
    }
    return out.toString();
  }
}
