package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is 0700 and its files 0600; a wider existing directory gets a warning. */
class PrivateFilesTest {
  @TempDir Path tmp;

  @Test
  void aNewDirectoryIsOwnerOnlyWithoutAWarning() throws Exception {
    Path data = tmp.resolve("new").resolve("data");
    assertThat(PrivateFiles.create(data)).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
  }

  @Test
  void aWiderExistingDirectoryIsWarnedAboutAndNarrowed() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("sub"));
    Files.writeString(data.resolve("sub").resolve("f"), "x");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve("sub").resolve("f"), PosixFilePermissions.fromString("rw-r--r--"));
    List<String> warnings = PrivateFiles.create(data);
    assertThat(warnings).singleElement().asString().contains("rwxr-xr-x").contains("other local users");
    PrivateFiles.tighten(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("sub")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("sub").resolve("f")))).isEqualTo("rw-------");
    assertThat(PrivateFiles.create(data)).isEmpty();
  }

  @Test
  void anExchangeLeavesEveryFileOwnerOnly() throws Exception {
    Path data = tmp.resolve("exchange");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Exchange exchange = Exchange.open(ExchangeConfig.defaults(data).withIntervals(Duration.ZERO, Duration.ZERO));
    assertThat(exchange.warnings()).singleElement().asString().contains("rwxr-xr-x");
    exchange.close();
    try (var all = Files.walk(data)) {
      all.forEach(p -> {
        try {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
          assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }
}
