package org.lantern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The main class of {@code benchmarks.jar}: {@code org.openjdk.jmh.Main} with the Lantern JVM
 * flags appended to every fork.
 *
 * <p>The flags come from one source: the parent pom's {@code lantern.jvm.flags} property (Chronicle's
 * exports/opens and {@code -Dchronicle.analytics.disable=true}, so no fork ever phones home), which
 * Maven filters into the class-path resource {@value #FLAGS_RESOURCE} together with a modest heap
 * and {@code -Dagrona.disable.bounds.checks=true}. Flags given with {@code -jvmArgsAppend} on the
 * command line are appended after ours, so they can override them (e.g. another {@code -Xmx}).
 * Listing and help options are handed to JMH's own main unchanged.
 *
 * <p>Thread-safety: a program entry point; not meant to be called concurrently.
 */
public final class BenchMain {
  /** The filtered resource holding the fork flags. */
  public static final String FLAGS_RESOURCE = "/lantern-jvm.flags";

  private BenchMain() {}

  /** Runs JMH with the command line {@code args}, plus the Lantern fork flags. */
  public static void main(String[] args) throws Exception {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line:");
      System.err.println(" " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cli.shouldHelp()
        || cli.shouldList()
        || cli.shouldListWithParams()
        || cli.shouldListProfilers()
        || cli.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    try {
      if (new Runner(options(cli)).run().isEmpty()) {
        System.out.println("No matching benchmarks. Misspelled regexp? Use -l to list them.");
        System.exit(1);
      }
    } catch (RunnerException e) {
      System.err.print("ERROR: ");
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /** The command line's options with the fork flags first in {@code jvmArgsAppend}. */
  public static Options options(CommandLineOptions cli) {
    List<String> append = new ArrayList<>(forkFlags());
    Collection<String> user = cli.getJvmArgsAppend().orElse(List.of());
    append.addAll(user);
    return new OptionsBuilder().parent(cli).jvmArgsAppend(append.toArray(String[]::new)).build();
  }

  /**
   * The flags every fork gets, read from {@value #FLAGS_RESOURCE}.
   *
   * @throws IllegalStateException if the resource is missing or was not filtered by Maven
   */
  public static List<String> forkFlags() {
    try (InputStream in = BenchMain.class.getResourceAsStream(FLAGS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(FLAGS_RESOURCE + " is not on the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> flags = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        for (String flag : trimmed.split("\\s+")) {
          if (flag.contains("${")) {
            throw new IllegalStateException(
                FLAGS_RESOURCE + " holds the unfiltered placeholder " + flag
                    + ": build the jar with Maven (resource filtering fills it in)");
          }
          flags.add(flag);
        }
      }
      return List.copyOf(flags);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FLAGS_RESOURCE, e);
    }
  }
}
