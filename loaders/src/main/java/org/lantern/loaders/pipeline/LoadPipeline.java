package org.lantern.loaders.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.Formats;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * Loads inputs into a {@link SignalSink}: a reading thread parses records, cuts them into
 * batches and prepares each (ids, validation, request bodies); the calling thread sends them,
 * up to the sink's concurrency at once, and settles them strictly in input order. Settling a
 * batch counts its records, writes its rejects and then moves the checkpoint past it, so a load
 * killed at any point and run again resumes after the last settled batch: what was stored
 * before the kill but not yet checkpointed is sent again and found unchanged, never stored
 * twice.
 *
 * <p>Thread-safety: one {@link #run} at a time per instance.
 */
public final class LoadPipeline {
  /**
   * How a load runs.
   *
   * @param format the input format, or {@code null} to detect it per input
   * @param rejects one reject file for every input, or {@code null} for {@code <input>.rejects}
   *     beside each input
   * @param checkpoints the directory for checkpoints, or {@code null} for a load that cannot resume
   * @param loadKey what besides the inputs makes two loads the same (target, participant, options)
   * @param messages where the first rejects and errors about whole inputs (a truncated stream)
   *     are shown as they happen; {@code null} for nowhere
   */
  public record Settings(
      InputFormat format,
      FormatOptions formatOptions,
      RecordDefaults defaults,
      int batchSize,
      Path rejects,
      Path checkpoints,
      String loadKey,
      LoadProgress progress,
      PrintWriter messages) {
    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
      }
    }
  }

  /** The load stopped: the sink refused or could not be reached. Everything settled stays. */
  public static final class LoadAbortedException extends IOException {
    private final LoadTally tally;

    LoadAbortedException(String message, Throwable cause, LoadTally tally) {
      super(message, cause);
      this.tally = tally;
    }

    /** The counts up to the last settled batch. */
    public LoadTally tally() {
      return tally;
    }
  }

  /** How many rejects are shown as they happen; the reject file has them all. */
  private static final int SHOWN_REJECTS = 10;

  private final SignalSink sink;
  private final Settings settings;
  private int shownRejects;

  public LoadPipeline(SignalSink sink, Settings settings) {
    this.sink = sink;
    this.settings = settings;
  }

  public LoadResult run(List<InputSource> inputs) throws IOException, InterruptedException {
    long started = System.nanoTime();
    LoadCheckpoint checkpoint = settings.checkpoints() == null ? null : LoadCheckpoint.open(settings.checkpoints(), loadKey(inputs));
    List<LoadCheckpoint.InputState> states = new ArrayList<>();
    List<String> identities = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Path path = inputs.get(i).path();
      String identity = path == null || checkpoint == null ? null : LoadCheckpoint.identity(path);
      identities.add(identity);
      states.add(identity == null ? null : checkpoint.state(i, identity));
    }
    if (checkpoint != null && checkpoint.resuming() && settings.messages() != null) {
      settings.messages().println("resuming the interrupted load recorded in " + checkpoint.file());
    }
    LoadTally total = new LoadTally();
    List<String> failures = new ArrayList<>();
    List<Path> rejectFiles = new ArrayList<>();
    List<LoadResult.InputTally> perInput = new ArrayList<>();
    long settledThisRun = 0;
    RejectFile shared = null;
    ExecutorService senders = Executors.newFixedThreadPool(sink.concurrency(), named("lantern-load-send"));
    try {
      if (settings.rejects() != null) {
        long keep = 0;
        for (LoadCheckpoint.InputState s : states) {
          keep = s == null ? keep : Math.max(keep, s.rejectBytes());
        }
        shared = RejectFile.open(settings.rejects(), keep);
        rejectFiles.add(settings.rejects());
      }
      for (int i = 0; i < inputs.size(); i++) {
        InputSource input = inputs.get(i);
        LoadCheckpoint.InputState state = states.get(i);
        if (state != null && state.done()) {
          total.add(state.tally());
          perInput.add(new LoadResult.InputTally(input.name(), state.tally()));
          continue;
        }
        RejectFile rejects = shared;
        if (rejects == null) {
          Path path = rejectPathFor(input);
          rejects = RejectFile.open(path, state == null ? 0 : state.rejectBytes());
          rejectFiles.add(path);
        }
        try {
          InputRun run = new InputRun(i, input, identities.get(i), state, rejects, checkpoint, senders);
          settledThisRun += run.load(failures);
          total.add(run.tally);
          perInput.add(new LoadResult.InputTally(input.name(), run.tally));
        } finally {
          if (rejects != shared) {
            rejects.close();
          }
        }
      }
      if (checkpoint != null && failures.isEmpty()) {
        checkpoint.delete();
      }
    } finally {
      senders.shutdownNow();
      if (shared != null) {
        shared.close();
      }
      settings.progress().close();
    }
    rejectFiles.removeIf(p -> !Files.exists(p));
    return new LoadResult(total, (System.nanoTime() - started) / 1e9, settledThisRun, failures, rejectFiles, perInput);
  }

  /** Forgets the checkpoint of an interrupted load of {@code inputs}: the next {@link #run} starts over. */
  public void forgetCheckpoint(List<InputSource> inputs) throws IOException {
    if (settings.checkpoints() != null) {
      LoadCheckpoint.open(settings.checkpoints(), loadKey(inputs)).delete();
    }
  }

  private String loadKey(List<InputSource> inputs) {
    StringBuilder key = new StringBuilder(settings.loadKey());
    for (InputSource input : inputs) {
      key.append('\n').append(input.path() == null ? input.name() : input.path().toAbsolutePath().normalize());
    }
    return key.toString();
  }

  private static Path rejectPathFor(InputSource input) {
    Path path = input.path();
    if (path == null) {
      return Path.of("stdin.rejects");
    }
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".rejects");
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A batch of records, cut by the reading thread, with its submits prepared. */
  private static final class Batch {
    final long firstRecord;
    final List<SourceRecord> records;
    final long bytes;
    final List<Step> steps = new ArrayList<>();
    boolean hasRetraction;
    boolean last;
    IOException readFailure; // the input could not be read past this batch
    Exception fatal; // preparing failed: the load stops here
    SubmitResult[] results;

    Batch(long firstRecord, List<SourceRecord> records, long bytes) {
      this.firstRecord = firstRecord;
      this.records = records;
      this.bytes = bytes;
      this.results = new SubmitResult[records.size()];
    }
  }

  /** Consecutive records of one kind, sent in one call: file order between kinds is kept. */
  private record Step(boolean retract, int[] positions, List<SignalSubmission> submissions, SignalSink.Prepared prepared) {}

  /** The load of one input. */
  private final class InputRun {
    final int index;
    final InputSource input;
    final String identity;
    final RejectFile rejects;
    final LoadCheckpoint checkpoint;
    final ExecutorService senders;
    final LoadTally tally;
    final long skip;
    final AtomicLong rawBytes = new AtomicLong();
    final BlockingQueue<Batch> queue;
    volatile boolean cancelled;
    long settledRecords;
    long settledThisRun;
    long started;

    InputRun(int index, InputSource input, String identity, LoadCheckpoint.InputState state, RejectFile rejects,
        LoadCheckpoint checkpoint, ExecutorService senders) {
      this.index = index;
      this.input = input;
      this.identity = identity;
      this.rejects = rejects;
      this.checkpoint = identity == null ? null : checkpoint;
      this.senders = senders;
      this.tally = state == null ? new LoadTally() : state.tally();
      this.skip = state == null ? 0 : state.records();
      this.settledRecords = skip;
      this.queue = new ArrayBlockingQueue<>(sink.concurrency() + 2);
    }

    /** Loads the input; returns the records settled by this run. */
    long load(List<String> failures) throws IOException, InterruptedException {
      InputStream content = input.isDirectory() ? null : input.open(rawBytes);
      RecordReader reader;
      try {
        InputFormat format = settings.format() != null
            ? settings.format()
            : Formats.detect(input, content == null ? new byte[0] : input.head(content));
        reader = format.open(input, content, settings.formatOptions());
      } catch (IOException | RuntimeException e) {
        if (content != null) {
          content.close();
        }
        throw e;
      }
      long total = input.path() != null && !input.isDirectory() ? Files.size(input.path()) : -1;
      settings.progress().start(input.name(), total, skip);
      started = System.nanoTime();
      Thread readerThread = new Thread(() -> read(reader), "lantern-load-read");
      readerThread.setDaemon(true);
      readerThread.start();
      try {
        send(failures);
      } finally {
        cancelled = true;
        queue.clear();
        readerThread.interrupt();
        readerThread.join(10_000);
        reader.close();
        if (content != null) {
          content.close();
        }
        settings.progress().finish();
      }
      return settledThisRun;
    }

    /** The reading thread: records into batches, batches prepared into the queue. */
    private void read(RecordReader reader) {
      try {
        readBatches(reader);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // cancelled: the sending side has stopped
      }
    }

    private void readBatches(RecordReader reader) throws InterruptedException {
      long position = 0;
      long first = skip;
      List<SourceRecord> records = new ArrayList<>(settings.batchSize());
      Batch end;
      try {
        for (SourceRecord r = reader.next(); r != null && !cancelled; r = reader.next()) {
          if (position++ < skip) {
            continue;
          }
          records.add(r);
          if (records.size() == settings.batchSize()) {
            hand(prepared(new Batch(first, records, rawBytes.get())));
            first += records.size();
            records = new ArrayList<>(settings.batchSize());
          }
        }
        end = prepared(new Batch(first, records, rawBytes.get()));
        end.last = true;
      } catch (IOException e) {
        end = prepared(new Batch(first, records, rawBytes.get()));
        end.readFailure = e;
      } catch (RuntimeException e) {
        end = new Batch(first, List.of(), rawBytes.get());
        end.fatal = e;
      }
      hand(end);
    }

    private void hand(Batch batch) throws InterruptedException {
      while (!cancelled) {
        if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }

    /** Splits a batch into steps and prepares its submits (on the reading thread). */
    private Batch prepared(Batch batch) {
      try {
        int i = 0;
        List<SourceRecord> records = batch.records;
        while (i < records.size()) {
          boolean retract = records.get(i) instanceof SourceRecord.Retract;
          List<Integer> positions = new ArrayList<>();
          List<SignalSubmission> submissions = new ArrayList<>();
          for (; i < records.size(); i++) {
            SourceRecord r = records.get(i);
            if (r instanceof SourceRecord.Submit s && !retract) {
              positions.add(i);
              submissions.add(settings.defaults().apply(s.submission()));
            } else if (r instanceof SourceRecord.Retract t && retract) {
              positions.add(i);
              submissions.add(new SignalSubmission(t.type(), t.value(), null, null, null, null, null));
            } else if (r instanceof SourceRecord.Submit || r instanceof SourceRecord.Retract) {
              break; // the other kind: a new step
            }
          }
          if (submissions.isEmpty()) {
            continue;
          }
          int[] at = positions.stream().mapToInt(Integer::intValue).toArray();
          if (retract) {
            batch.hasRetraction = true;
            batch.steps.add(new Step(true, at, submissions, null));
          } else {
            batch.steps.add(new Step(false, at, submissions, sink.prepare(submissions)));
          }
        }
      } catch (IOException | RuntimeException e) {
        batch.fatal = e;
      }
      return batch;
    }

    /** The calling thread: sends batches and settles them in order. */
    private void send(List<String> failures) throws IOException, InterruptedException {
      Deque<Future<Batch>> inFlight = new ArrayDeque<>();
      while (true) {
        Batch batch = queue.take();
        if (batch.fatal != null) {
          settleAll(inFlight);
          throw aborted("cannot prepare records of " + input.name() + ": " + batch.fatal.getMessage(), batch.fatal);
        }
        if (batch.hasRetraction) {
          settleAll(inFlight); // a retraction must not overtake the submits before it
        }
        inFlight.add(senders.submit(() -> deliver(batch)));
        if (batch.hasRetraction || batch.last || batch.readFailure != null) {
          settleAll(inFlight);
        }
        while (inFlight.size() >= sink.concurrency() || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
          settle(inFlight.poll());
        }
        if (batch.last) {
          saveState(true);
          return;
        }
        if (batch.readFailure != null) {
          String message = input.name() + ": " + describe(batch.readFailure) + "; the "
              + settledRecords + " records before it were loaded";
          failures.add(message);
          if (settings.messages() != null) {
            settings.messages().println(message);
          }
          return;
        }
      }
    }

    private Batch deliver(Batch batch) throws IOException {
      for (Step step : batch.steps) {
        List<SubmitResult> results = step.retract() ? sink.retract(step.submissions()) : sink.submit(step.prepared());
        if (results.size() != step.positions().length) {
          throw new IOException(sink.target() + " answered " + results.size() + " results for " + step.positions().length + " signals");
        }
        for (int k = 0; k < results.size(); k++) {
          batch.results[step.positions()[k]] = results.get(k);
        }
      }
      return batch;
    }

    private void settleAll(Deque<Future<Batch>> inFlight) throws IOException, InterruptedException {
      while (!inFlight.isEmpty()) {
        settle(inFlight.poll());
      }
    }

    private void settle(Future<Batch> delivery) throws IOException, InterruptedException {
      Batch batch;
      try {
        batch = delivery.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw aborted("cannot send to " + sink.target() + ": " + cause.getMessage(), cause);
      }
      for (int i = 0; i < batch.records.size(); i++) {
        count(batch.records.get(i), batch.results[i]);
      }
      settledRecords = batch.firstRecord + batch.records.size();
      settledThisRun += batch.records.size();
      saveState(false);
      double seconds = (System.nanoTime() - started) / 1e9;
      settings.progress().update(batch.bytes, settledRecords, tally, seconds > 0 ? settledThisRun / seconds : 0);
    }

    private void count(SourceRecord record, SubmitResult result) throws IOException {
      switch (record) {
        case SourceRecord.Unsupported u -> tally.unsupported.merge(u.type(), 1L, Long::sum);
        case SourceRecord.Rejected r -> {
          tally.read++;
          reject(r, r.reason());
        }
        case SourceRecord.Submit s -> {
          tally.read++;
          switch (result.outcome()) {
            case CREATED -> tally.loaded++;
            case UPDATED -> tally.updated++;
            case UNCHANGED -> tally.duplicates++;
            case REJECTED -> reject(record, reason(result.error()));
          }
        }
        case SourceRecord.Retract t -> {
          tally.read++;
          switch (result.outcome()) {
            case UPDATED -> {
              tally.updated++;
              tally.retracted++;
            }
            case CREATED, UNCHANGED -> tally.duplicates++;
            case REJECTED -> reject(record, "cannot retract: " + reason(result.error()));
          }
        }
      }
    }

    private void reject(SourceRecord record, String reason) throws IOException {
      tally.rejected++;
      rejects.write(input.name(), record.line(), reason, record.original());
      if (settings.messages() != null) {
        if (shownRejects < SHOWN_REJECTS) {
          settings.messages().println(input.name() + ":" + record.line() + ": " + reason);
        } else if (shownRejects == SHOWN_REJECTS) {
          settings.messages().println("(more rejected records: see " + rejects.path() + ")");
        }
        shownRejects++;
      }
    }

    private void saveState(boolean done) throws IOException {
      long rejectBytes = rejects.flush();
      if (checkpoint != null) {
        checkpoint.save(index, new LoadCheckpoint.InputState(identity, done, settledRecords, rejectBytes, tally));
      }
    }

    private LoadAbortedException aborted(String message, Throwable cause) {
      return new LoadAbortedException(
          message + "; " + settledRecords + " records of " + input.name() + " were settled before"
              + (checkpoint != null ? "; run the same command again to continue from there" : ""),
          cause, tally);
    }
  }

  private static String reason(SignalRejectedException e) {
    return e.field() == null || e.field().isEmpty() ? e.getMessage() : e.field() + ": " + e.getMessage();
  }

  /** A read failure in words: a truncated gzip stream says so rather than "Unexpected end of ZLIB input stream". */
  private static String describe(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof java.io.EOFException || message.contains("ZLIB") || message.contains("Unexpected end")) {
      return "the input is truncated (" + message + ")";
    }
    return message;
  }
}
