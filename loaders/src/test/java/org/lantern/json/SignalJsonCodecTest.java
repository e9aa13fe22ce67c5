package org.lantern.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;

/** The codec's shapes: what it writes it reads back; what it must refuse, it refuses by field. */
class SignalJsonCodecTest {
  private static final String MD5 = "0123456789abcdef0123456789abcdef";

  private static String written(IoWriter writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JsonObjects.LINES.factory().createGenerator(out)) {
      writer.write(json);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  interface IoWriter {
    void write(JsonGenerator json) throws IOException;
  }

  @Test
  void aListedSignalReadsBackAsTheSubmissionItCameFrom() throws IOException {
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    for (List<String> visibility : List.of(List.<String>of(), List.of("acme", "globex"))) {
      Signal signal = new Signal("s-1", SignalType.MD5, MD5, "acme", List.of("csam"), "a note", t, t,
          Instant.parse("2027-01-01T00:00:00Z"), SignalStatus.ACTIVE, List.of("s-0"), visibility, 7);
      String line = written(json -> SignalJsonCodec.writeSignal(json, signal));
      SignalJsonCodec.Listed listed =
          SignalJsonCodec.readListed(JsonObjects.LINES.parse(line, null), "", SignalJsonCodec.ISO_INSTANT);
      assertThat(listed.status()).isEqualTo("active");
      assertThat(listed.submission()).as(line).isEqualTo(new SignalSubmission("md5", MD5, List.of("csam"), "a note",
          Instant.parse("2027-01-01T00:00:00Z"), List.of("s-0"), visibility));
      // A listing is not a submission: the fields the exchange adds are refused there.
      assertThatThrownBy(() -> SignalJsonCodec.read(JsonObjects.LINES.parse(line, null), "", SignalJsonCodec.ISO_INSTANT))
          .isInstanceOf(JsonInputException.class).hasMessageContaining("unknown field 'id'");
    }
  }

  @Test
  void aWrittenSubmissionReadsBackEqual() throws IOException {
    SignalSubmission s = new SignalSubmission("url", "https://a.example/x", List.of("csam", "trade"), "n",
        Instant.parse("2027-01-01T00:00:00Z"), List.of("s-1"), List.of("acme"));
    String body = written(json -> SignalJsonCodec.write(json, s, true));
    assertThat(SignalJsonCodec.read(JsonObjects.REQUESTS.parse(body.getBytes(StandardCharsets.UTF_8), "body"), "",
        SignalJsonCodec.ISO_INSTANT)).isEqualTo(s);
    String retraction = written(json -> SignalJsonCodec.write(json, s, false));
    assertThat(retraction).isEqualTo("{\"type\":\"url\",\"value\":\"https://a.example/x\"}");
  }

  @Test
  void visibilityMustSayWhoClearly() {
    for (String v : new String[] {"null", "[]", "\"none\"", "{}", "[1]"}) {
      Map<String, Object> obj = JsonObjects.LINES.parse("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":" + v + "}", null);
      assertThatThrownBy(() -> SignalJsonCodec.read(obj, "signals[2]", SignalJsonCodec.ISO_INSTANT))
          .as(v).isInstanceOf(JsonInputException.class)
          .satisfies(e -> assertThat(((JsonInputException) e).field()).startsWith("signals[2].visibility"));
    }
    Map<String, Object> all = JsonObjects.LINES.parse("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":\"all\"}", null);
    assertThat(SignalJsonCodec.read(all, "", SignalJsonCodec.ISO_INSTANT).visibility()).isEmpty();
    Map<String, Object> absent = JsonObjects.LINES.parse("{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}", null);
    assertThat(SignalJsonCodec.read(absent, "", SignalJsonCodec.ISO_INSTANT).visibility()).isNull();
  }

  @Test
  void limitsAreTheParsersOwn() {
    String deep = "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}";
    assertThatThrownBy(() -> JsonObjects.REQUESTS.parse(deep, "body")).isInstanceOf(JsonInputException.class)
        .hasMessageContaining("not valid JSON in body").hasMessageContaining("depth");
    String longNumber = "{\"limit\":" + "9".repeat(101) + "}";
    assertThatThrownBy(() -> JsonObjects.REQUESTS.parse(longNumber, "body")).isInstanceOf(JsonInputException.class)
        .hasMessageContaining("Number value length");
    assertThatThrownBy(() -> JsonObjects.REQUESTS.parse("{\"a\":1,\"a\":2}", "body")).isInstanceOf(JsonInputException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }
}
