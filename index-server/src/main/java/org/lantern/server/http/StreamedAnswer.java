package org.lantern.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of an answer whose size is not known in advance (an audit export can run to gigabytes).
 * The first {@code threshold} bytes are held in memory: an answer that fits is sent whole, with a
 * Content-Length, and a failure before then can still become an ordinary JSON error answer. Past
 * the threshold the status and headers are committed and the body is streamed (chunked); from
 * then on a failure can no longer change the status: a handler whose work can fail midway says so
 * in the body itself (as the audit export does), and any other exception makes the {@link
 * Dispatcher} drop the connection, so that the client sees a cut-off body (no final chunk) rather
 * than one that looks complete.
 *
 * <p>Thread-safety: confined to the request's thread, like the {@link Call} that made it.
 */
final class StreamedAnswer extends OutputStream {
  /** Bytes held before the answer is committed: most answers fit, none costs much memory. */
  static final int DEFAULT_THRESHOLD = 64 * 1024;

  private final ServerResponse response;
  private final int status;
  private final String contentType;
  private final int threshold;
  private ByteArrayOutputStream held = new ByteArrayOutputStream(1024); // null once committed
  private OutputStream stream; // the response's, once committed
  private boolean closed;

  StreamedAnswer(ServerResponse response, int status, String contentType, int threshold) {
    this.response = response;
    this.status = status;
    this.contentType = contentType;
    this.threshold = threshold;
  }

  /** Whether the status and headers have gone out and the body is being streamed. */
  boolean committed() {
    return stream != null;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the answer is closed");
    }
    if (stream == null && held.size() + len <= threshold) {
      held.write(b, off, len);
      return;
    }
    if (stream == null) {
      commit();
    }
    stream.write(b, off, len);
  }

  private void commit() throws IOException {
    response.status(status);
    response.header(HeaderNames.CONTENT_TYPE, contentType);
    stream = response.outputStream();
    held.writeTo(stream);
    held = null;
  }

  @Override
  public void flush() throws IOException {
    // Flushing held bytes would commit the answer: only a streaming body is flushed.
    if (stream != null) {
      stream.flush();
    }
  }

  /** Sends the held answer whole, or ends the streamed one. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (stream == null) {
      response.status(status);
      response.header(HeaderNames.CONTENT_TYPE, contentType);
      response.send(held.toByteArray());
      held = null;
    } else {
      stream.close();
    }
  }
}
