package org.lantern.loaders.format.line;

import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.SourceRecord;

class JsonLinesFormatTest {
  private final JsonLinesFormat format = new JsonLinesFormat();

  @Test
  void shouldReadTheApiShapeLeavingAbsentFieldsNull() throws Exception {
    List<String> lines = Files.readAllLines(Samples.path("jsonl", "signals.jsonl"));
    assertRecords(read(format, "signals.jsonl", Samples.defaults()),
        submit(1, lines.get(0), new SignalSubmission("pdq", P1, List.of("csam"), "from triage",
            Instant.parse("2027-01-01T00:00:00Z"), null, null)),
        submit(2, lines.get(1), new SignalSubmission("md5", MD5, null, null, null, List.of("sig-1", "sig-2"),
            List.of("p-1"))),
        // explicit "none" and "all" are kept apart from absent fields
        submit(4, lines.get(3), new SignalSubmission("url", "https://example.com/", List.of(), null, null, null,
            List.of())),
        new SourceRecord.Retract(5, lines.get(4), "keyword", "buy now"),
        submit(6, lines.get(5), new SignalSubmission("email", "a@example.com", null, null,
            Instant.parse("2027-03-01T00:00:00Z"), null, null)));
  }

  @Test
  void shouldRejectABadLineNamingTheFieldAndReadTheNext() throws Exception {
    List<String> lines = Files.readAllLines(Samples.path("jsonl", "malformed.jsonl"));
    assertRecords(read(format, "malformed.jsonl", Samples.defaults()),
        submit(1, lines.get(0), "pdq", P1),
        rejected(2, lines.get(1), "not valid JSON at column 1"),
        rejected(3, lines.get(2), "value must be a string, got a number"),
        rejected(4, lines.get(3), "type is required"),
        rejected(5, lines.get(4), "value is required"),
        rejected(6, lines.get(5), "unknown field 'categorie'", "categories"),
        rejected(7, lines.get(6), "not valid JSON", "Duplicate field 'type'"),
        rejected(8, lines.get(7), "text after the JSON object"),
        rejected(9, lines.get(8), "categories must be an array of strings, got a string"),
        rejected(10, lines.get(9), "categories[1] must be a string, got a number"),
        rejected(11, lines.get(10), "visibility must be \"all\" or an array", "'some'"),
        rejected(12, lines.get(11), "expires: expected an ISO-8601 time", "'soon'"),
        rejected(13, lines.get(12), "expected one JSON object per line, got an array"),
        rejected(14, lines.get(13), "status: an expired signal is not loaded again"),
        rejected(15, lines.get(14), "not valid JSON"));
  }

  @Test
  void shouldStripBomAndCarriageReturns() throws Exception {
    assertRecords(read(format, "bom-crlf.jsonl", Samples.defaults()),
        submit(1, "{\"type\":\"keyword\",\"value\":\"café\"}", "keyword", "café"),
        submit(3, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}", "md5", MD5));
  }

  @Test
  void shouldRejectAMisspeltFieldAndVisibilityThatNamesNobody() throws Exception {
    List<String> lines = Files.readAllLines(Samples.path("jsonl", "visibility.jsonl"));
    assertRecords(read(format, "visibility.jsonl", Samples.defaults()),
        // DESIGN §7: a misspelt field must not silently leave the signal visible to everyone
        rejected(1, lines.get(0), "unknown field 'visiblity'", "visibility"),
        rejected(2, lines.get(1), "visibility must be \"all\" or an array of participant ids, got null"),
        rejected(3, lines.get(2), "visibility must be \"all\" or an array", "empty array"),
        submit(4, lines.get(3), new SignalSubmission("md5", "d41d8cd98f00b204e9800998ecf8427e", null, null, null, null,
            List.of("p-1"))));
  }
}
