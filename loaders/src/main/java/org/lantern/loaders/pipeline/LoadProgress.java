package org.lantern.loaders.pipeline;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a load shows its progress: a progress bar on a terminal, a plain line every few seconds
 * when the output is a file or a pipe (a log, a CI job), or nothing.
 *
 * <p>Thread-safety: the pipeline calls it from its sequencer thread only.
 */
public interface LoadProgress extends AutoCloseable {
  /**
   * An input starts.
   *
   * @param totalBytes its size on disk (compressed if it is), or -1 when unknown (stdin, directories)
   * @param alreadyRecords records settled before a resume
   */
  void start(String input, long totalBytes, long alreadyRecords);

  /** Progress within the current input: bytes consumed on disk, and the counts so far. */
  void update(long bytes, long records, LoadTally tally, double recordsPerSecond);

  /** The current input is finished. */
  void finish();

  @Override
  default void close() {}

  static LoadProgress quiet() {
    return new LoadProgress() {
      @Override
      public void start(String input, long totalBytes, long alreadyRecords) {}

      @Override
      public void update(long bytes, long records, LoadTally tally, double recordsPerSecond) {}

      @Override
      public void finish() {}
    };
  }

  /** Plain lines on {@code out}, at most one per {@code intervalMillis}. */
  static LoadProgress lines(PrintWriter out, long intervalMillis) {
    return new PlainLines(out, intervalMillis);
  }

  /** A progress bar (records, rate, ETA from the bytes read, rejects) on the terminal. */
  static LoadProgress bar() {
    return new Bar();
  }

  /** The extra text shown beside the bar, and the body of a plain progress line. */
  static String describe(long records, LoadTally tally, double recordsPerSecond) {
    return String.format(Locale.ROOT, "%,d records, %,.0f/s, %,d rejected", records, recordsPerSecond, tally.rejected());
  }

  /** Plain progress lines for logs. */
  final class PlainLines implements LoadProgress {
    private final PrintWriter out;
    private final long intervalNanos;
    private String input;
    private long totalBytes;
    private long last;

    PlainLines(PrintWriter out, long intervalMillis) {
      this.out = out;
      this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public void start(String input, long totalBytes, long alreadyRecords) {
      this.input = input;
      this.totalBytes = totalBytes;
      this.last = System.nanoTime();
      out.println("loading " + input + (alreadyRecords > 0 ? " (resuming after " + alreadyRecords + " records)" : ""));
    }

    @Override
    public void update(long bytes, long records, LoadTally tally, double recordsPerSecond) {
      long now = System.nanoTime();
      if (now - last < intervalNanos) {
        return;
      }
      last = now;
      String share = totalBytes > 0 ? String.format(Locale.ROOT, "%.1f%% of %s, ", 100.0 * bytes / totalBytes, input) : input + ": ";
      out.println("  " + share + describe(records, tally, recordsPerSecond));
    }

    @Override
    public void finish() {}
  }

  /** The terminal progress bar; its unit is the input's bytes, which is what makes an ETA possible. */
  final class Bar implements LoadProgress {
    private ProgressBar bar;

    @Override
    public void start(String input, long totalBytes, long alreadyRecords) {
      finish();
      String name = input.length() > 30 ? "..." + input.substring(input.length() - 27) : input;
      ProgressBarBuilder builder =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(250)
              .setMaxRenderedLength(120);
      if (totalBytes > 0) {
        builder.setInitialMax(totalBytes).setUnit(" MiB", 1L << 20);
      } else {
        builder.setInitialMax(-1).hideEta();
      }
      bar = builder.build();
    }

    @Override
    public void update(long bytes, long records, LoadTally tally, double recordsPerSecond) {
      if (bar != null) {
        bar.stepTo(bar.getMax() > 0 ? Math.min(bytes, bar.getMax()) : records);
        bar.setExtraMessage(describe(records, tally, recordsPerSecond));
      }
    }

    @Override
    public void finish() {
      if (bar != null) {
        if (bar.getMax() > 0) {
          bar.stepTo(bar.getMax());
        }
        bar.close();
        bar = null;
      }
    }
  }
}
