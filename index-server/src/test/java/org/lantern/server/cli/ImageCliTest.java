package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lantern hash} and {@code lantern match --image} on Meta's reference images. */
class ImageCliTest {
  // The Java reference hasher's asserted hash of bridge-1-original.jpg (an ImageIO decode).
  private static final String BRIDGE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  @TempDir Path tmp;

  private Path image(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("images"));
    Path file = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/pdq-reference/images/reg-test-input/dih/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void hashShouldPrintTheReferenceFormatAndReportBadFiles() throws IOException {
    Path bridge = image("bridge-1-original.jpg");
    Path broken = tmp.resolve("images/broken.jpg");
    Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x12});
    CliTest.Run run = lantern("hash", bridge.toString(), broken.toString());
    assertThat(run.out()).isEqualTo(BRIDGE + ",100," + bridge + "\n");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(broken.toString()).contains("1 of 2 images could not be hashed")
        .doesNotContain("\tat "); // a reason, not a stack trace

    CliTest.Run json = lantern("hash", "--json", "--dihedral", tmp.resolve("images").toString());
    String[] lines = json.out().split("\n");
    assertThat(lines).hasSize(8); // the directory walk takes images by extension: broken.jpg too
    assertThat(json.status()).isEqualTo(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("hash").asText()).isEqualTo(BRIDGE);
    assertThat(first.get("transform").asText()).isEqualTo("orig");
    assertThat(new ObjectMapper().readTree(lines[1]).get("transform").asText()).isEqualTo("rot90");

    // Plain --dihedral lines say which transform each is: <hash>,<quality>,<transform>,<file>.
    String[] plain = lantern("hash", "--dihedral", bridge.toString()).out().split("\n");
    assertThat(plain).hasSize(8);
    assertThat(plain[0]).isEqualTo(BRIDGE + ",100,orig," + bridge);
    assertThat(plain[1]).matches("[0-9a-f]{64},100,rot90," + java.util.regex.Pattern.quote(bridge.toString()));
    assertThat(plain[7]).contains(",flipm,");

    CliTest.Run dhash = lantern("hash", "--type", "dhash", bridge.toString());
    assertThat(dhash.out()).matches("[0-9a-f]{16}," + java.util.regex.Pattern.quote(bridge.toString()) + "\n");
  }

  @Test
  void matchImageShouldFindRotatedCopiesThroughTheDihedralVariants() throws IOException {
    Path hashes = tmp.resolve("hashes.txt");
    Files.writeString(hashes, BRIDGE + "\n");
    Path data = tmp.resolve("data");
    assertThat(lantern("load", "--data", data.toString(), hashes.toString()).status()).isZero();
    Path rotated = image("bridge-2-rotate-90.jpg");

    CliTest.Run plain = lantern("match", "--data", data.toString(), "--type", "pdq", "--image", rotated.toString());
    JsonNode plainAnswer = new ObjectMapper().readTree(plain.out());
    assertThat(plainAnswer.get("matches")).isEmpty(); // a rotation is 100+ bits away

    CliTest.Run dihedral = lantern("match", "--data", data.toString(), "--type", "pdq", "--dihedral",
        "--image", rotated.toString());
    assertThat(dihedral.status()).as(dihedral.err()).isZero();
    JsonNode answer = new ObjectMapper().readTree(dihedral.out());
    assertThat(answer.get("image").asText()).isEqualTo(rotated.toString());
    assertThat(answer.get("quality").asInt()).isEqualTo(100);
    JsonNode match = answer.get("matches").get(0);
    // A signal id, as the HTTP API gives: the signal can be read by it.
    CliTest.Run signal = lantern("signals", "get", "--data", data.toString(), match.get("id").asText());
    assertThat(signal.out()).as(signal.err()).contains("\"value\":\"" + BRIDGE + "\"");
    assertThat(match.get("type").asText()).isEqualTo("pdq");
    assertThat(answer.get("note").asText()).isEqualTo("A match is a lead for investigation, not evidence.");
    assertThat(match.get("distance").asInt()).isLessThanOrEqualTo(10);
    assertThat(match.get("transform").asText()).isEqualTo("rot270"); // turning it back
    assertThat(dihedral.err()).contains("lead for investigation, not evidence");

    CliTest.Run both = lantern("match", "--data", data.toString(), "--type", "pdq", hashes.toString(),
        "--image", rotated.toString());
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("either --image or a query FILE");
  }
}
