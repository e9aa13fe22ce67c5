package org.lantern.loaders.pipeline;

import java.io.IOException;
import java.util.List;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;

/**
 * Where a load sends its signals: the exchange in this process, or a server over HTTP.
 *
 * <p>A batch goes through {@link #prepare} on the reading thread (CPU work that needs no order:
 * validation and ids for the exchange, the JSON body for a server) and then {@link #submit}.
 *
 * <p>Thread-safety: implementations are thread-safe; the pipeline may have up to {@link
 * #concurrency()} batches in {@link #submit} at once.
 */
public interface SignalSink extends AutoCloseable {
  /** A batch ready to send. */
  interface Prepared {
    List<SignalSubmission> submissions();
  }

  Prepared prepare(List<SignalSubmission> batch) throws IOException;

  /**
   * Shares a prepared batch. Returns one result per submission, in order; a signal the exchange
   * refuses is a {@code rejected} result, not an exception.
   *
   * @throws IOException when the batch could not be delivered at all (after any retries)
   */
  List<SubmitResult> submit(Prepared batch) throws IOException;

  /**
   * Withdraws signals by type and value: one result per entry, {@code updated} if retracted now,
   * {@code unchanged} if there was nothing to retract.
   */
  List<SubmitResult> retract(List<SignalSubmission> batch) throws IOException;

  /**
   * How many batches may be in {@link #submit} at once. With 1 they are applied in input order;
   * with more, batches holding a retraction still wait for the ones before them.
   */
  int concurrency();

  /** Where the signals go, for messages and for telling one load's checkpoints from another's. */
  String target();

  @Override
  void close() throws IOException;
}
