package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared option groups (mixins) behave as the options they replaced, and a failing command is
 * named in full in its error line.
 */
class CliOptionsTest {
  @TempDir Path tmp;

  @Test
  void errorLinesNameTheWholeCommand() {
    String data = tmp.resolve("data").toString();
    CliTest.Run suspend = CliTest.lantern("participants", "suspend", "--data", data, "nobody");
    assertThat(suspend.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(suspend.err()).startsWith("lantern participants suspend: ");

    CliTest.Run config = CliTest.lantern("signals", "verify", "--data", data, "--config", tmp.resolve("none.properties").toString());
    assertThat(config.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(config.err()).startsWith("lantern signals verify: no such config file: ");
  }

  @Test
  void participantIsRequiredToAddOrRetractAndNothingIsCreatedWithoutIt() {
    Path data = tmp.resolve("data");
    for (String command : new String[] {"add", "retract"}) {
      CliTest.Run run = command.equals("add")
          ? CliTest.lantern("signals", "add", "--data", data.toString(), "--type", "url", "https://bad.example/x")
          : CliTest.lantern("signals", "retract", "--data", data.toString(), "some-id");
      assertThat(run.status()).as(command).isEqualTo(LanternCli.EXIT_BAD_INPUT);
      assertThat(run.err()).as(command).contains("Missing required option: '--as=PARTICIPANT'");
    }
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void unknownParticipantIsNamed() {
    String data = tmp.resolve("data").toString();
    CliTest.Run run = CliTest.lantern("signals", "get", "--data", data, "--as", "ghost", "x");
    assertThat(run.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(run.err()).startsWith("lantern signals get: no active participant 'ghost'");
  }

  @Test
  void loadThroughAServerRefusesDataDirectoryOptions() {
    CliTest.Run run = CliTest.lantern("load", "--server", "http://127.0.0.1:1", "--key", "k",
        "--data", tmp.resolve("data").toString(), tmp.toString());
    assertThat(run.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(run.err()).contains("--data, --config and --as do not apply");
    assertThat(Files.exists(tmp.resolve("data"))).isFalse();
  }

  @Test
  void readOnlyCommandsNeedTheDataDirectorySaid() {
    CliTest.Run audit = CliTest.lantern("audit", "verify");
    assertThat(audit.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(audit.err()).contains("Missing required option: '--data=DIR'");
    CliTest.Run match = CliTest.lantern("match", "--type", "pdq", "-");
    assertThat(match.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(match.err()).contains("Missing required option: '--data=DIR'");
    CliTest.Run empty = CliTest.lantern("audit", "verify", "--data", tmp.resolve("empty").toString());
    assertThat(empty.status()).isEqualTo(LanternCli.EXIT_BAD_INPUT);
    assertThat(empty.err()).startsWith("lantern audit verify: no audit log in ");
  }
}
