package org.lantern.server.http;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a request's CPU-heavy part (a text scan, an image decode and hash) on a few platform
 * threads while the request's virtual thread waits. Helidon serves each request on a virtual
 * thread, and virtual threads share as many carrier threads as there are cores, without
 * preemption: a handful of long scans or decodes would hold every carrier, and even {@code
 * /health} would wait seconds for one (the issue measured 5.7 and 9.7 s). A virtual thread
 * waiting here gives its carrier back, and the OS time-slices the platform threads, so cheap
 * requests keep being served while costly ones run.
 *
 * <p>Thread-safety: thread-safe.
 */
final class WorkPool implements AutoCloseable {
  private final ExecutorService threads;

  WorkPool(int threads) {
    this.threads = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "lantern-work");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code work} on the pool and returns its result; its exceptions are rethrown as they are. */
  <T> T run(Callable<T> work) throws Exception {
    Future<T> result = threads.submit(work);
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    } catch (InterruptedException e) {
      result.cancel(true);
      throw e;
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
