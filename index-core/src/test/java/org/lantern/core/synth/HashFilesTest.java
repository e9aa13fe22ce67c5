package org.lantern.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lantern.core.testing.TestSeeds;

/** The plain hex hash file: exact format, round trip, and errors that name file and line. */
class HashFilesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"64", "256"})
  void shouldRoundTripAndWriteOneLowerCaseHexHashPerLine(int bits) throws IOException {
    long[] data = HashDatasets.generate(DatasetKind.HOTSPOT, bits, 3000, TestSeeds.seed("files"));
    Path file = dir.resolve("data.hex");
    HashFiles.write(file, data, 3000, bits);
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(3000).allMatch(l -> l.matches("[0-9a-f]{" + bits / 4 + "}"));
    assertThat(Files.readString(file)).endsWith("\n").doesNotContain("\r");
    HashFiles.Loaded loaded = HashFiles.read(file);
    assertThat(loaded.bits()).isEqualTo(bits);
    assertThat(loaded.count()).isEqualTo(3000);
    assertThat(loaded.packed()).isEqualTo(data);
  }

  @Test
  void shouldNameTheFileAndLineOfABadHash() throws IOException {
    Path file = dir.resolve("bad.hex");
    Files.writeString(file, "0123456789abcdef\nfedcba9876543210\n0123456789abcdeg\n");
    assertThatThrownBy(() -> HashFiles.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.hex:3:")
        .hasMessageContaining("'g' at position 15");
    Files.writeString(file, "0123456789abcdef\n\n");
    assertThatThrownBy(() -> HashFiles.read(file)).hasMessageContaining("bad.hex:2:")
        .hasMessageContaining("got 0");
    Files.writeString(file, "0123456789abcdef\n" + "0".repeat(64) + "\n");
    assertThatThrownBy(() -> HashFiles.read(file)).hasMessageContaining("bad.hex:2:")
        .hasMessageContaining("64-bit hash, like line 1");
    Files.writeString(file, "");
    assertThatThrownBy(() -> HashFiles.read(file)).hasMessageContaining("empty hash file");
    Files.writeString(file, "0123\n");
    assertThatThrownBy(() -> HashFiles.read(file)).hasMessageContaining("bad.hex:1: expected 16 or 64");
  }
}
