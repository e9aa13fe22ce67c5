package org.lantern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

/** The fork flags: filtered from the parent pom's property, appended to every fork. */
class BenchMainTest {
  @Test
  void shouldReadFilteredFlagsWithAnalyticsOffAndBoundsChecksOff() {
    List<String> flags = BenchMain.forkFlags();
    assertThat(flags)
        .contains(
            "-Dchronicle.analytics.disable=true",
            "-Dagrona.disable.bounds.checks=true",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "-Xmx1g");
    assertThat(flags).noneMatch(flag -> flag.contains("${") || flag.isBlank());
  }

  @Test
  void shouldCarryTheSameLanternFlagsAsTheSurefireJvm() {
    // Surefire's argLine and the fork flags both come from lantern.jvm.flags: every flag of the
    // property must be in this JVM's arguments too (heap and Agrona flags are JMH-only).
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    List<String> shared = new ArrayList<>(BenchMain.forkFlags());
    shared.removeIf(f -> f.startsWith("-Xm") || f.startsWith("-Dagrona."));
    assertThat(shared).isNotEmpty();
    assertThat(jvmArgs).containsAll(shared);
  }

  @Test
  void shouldAppendUserJvmArgsAfterTheLanternFlags() throws Exception {
    Options options =
        BenchMain.options(new CommandLineOptions("-jvmArgsAppend", "-Dx.y=z -Xmx2g", "Distance"));
    List<String> append = new ArrayList<>(options.getJvmArgsAppend().get());
    List<String> expected = new ArrayList<>(BenchMain.forkFlags());
    expected.add("-Dx.y=z");
    expected.add("-Xmx2g");
    assertThat(append).isEqualTo(expected);
    assertThat(options.getIncludes()).containsExactly("Distance");
  }

  @Test
  void shouldAppendTheLanternFlagsWithoutUserArgs() throws Exception {
    Options options = BenchMain.options(new CommandLineOptions("-f", "1", "Query"));
    assertThat(options.getJvmArgsAppend().get()).containsExactlyElementsOf(BenchMain.forkFlags());
    assertThat(options.getForkCount().get()).isEqualTo(1);
  }
}
