package org.lantern.loaders.pipeline;

import java.util.List;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.PreparedBatch;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.participant.Caller;

/**
 * Sends signals to an {@link Exchange} open in this process, as one participant. Batches are
 * written one at a time, in input order; the reading thread prepares the next batch (ids,
 * validation) meanwhile. Each submit is durable when it returns, which lets the pipeline
 * checkpoint after it.
 *
 * <p>Thread-safety: thread-safe (the exchange is); it does not own the exchange.
 */
public final class ExchangeSink implements SignalSink {
  private final Exchange exchange;
  private final Caller caller;

  public ExchangeSink(Exchange exchange, Caller caller) {
    this.exchange = exchange;
    this.caller = caller;
  }

  private record Ready(PreparedBatch batch) implements Prepared {
    @Override
    public List<SignalSubmission> submissions() {
      return batch.submissions();
    }
  }

  @Override
  public Prepared prepare(List<SignalSubmission> batch) {
    return new Ready(exchange.prepare(caller, batch));
  }

  @Override
  public List<SubmitResult> submit(Prepared batch) {
    return exchange.submit(((Ready) batch).batch());
  }

  @Override
  public List<SubmitResult> retract(List<SignalSubmission> batch) {
    return exchange.retractValues(caller, batch);
  }

  @Override
  public int concurrency() {
    return 1; // the exchange writes under one lock: more would only reorder batches
  }

  @Override
  public String target() {
    return "exchange " + exchange.dataDir().toAbsolutePath().normalize() + " as " + caller.participant();
  }

  @Override
  public void close() {}
}
