package org.lantern.loaders.format.document;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * Turns a failure of the input under a parser into an {@link IOException} that says what
 * happened, in which input and where: "the gzip stream is truncated" rather than "Unexpected end of
 * ZLIB input stream".
 *
 * <p>Thread-safety: stateless.
 */
final class ReadFailures {
  private ReadFailures() {}

  /**
   * The exception to throw for {@code failure}, or {@code null} when it is not a failure of the
   * input itself (then it is the parser's own, e.g. not well-formed text).
   *
   * @param where where the parser was, e.g. "line 12"
   * @param input the stream the parser read, which remembers a failure the parser may have hidden
   */
  static IOException ofInput(String source, String where, Throwable failure, BufferedFirstInput input) {
    Throwable cause = input.failure() != null ? input.failure() : failure;
    String after = " at " + where + "; the records before this point were read";
    if (cause instanceof EOFException) {
      // GZIPInputStream throws EOFException when the compressed data stops before its end.
      return new IOException(source + ": the gzip stream is truncated (" + cause.getMessage() + ")" + after, failure);
    }
    if (cause instanceof ZipException) {
      return new IOException(source + ": the gzip stream is corrupt (" + cause.getMessage() + ")" + after, failure);
    }
    for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
      if (t instanceof EOFException || t instanceof ZipException) {
        // The stream explained the gzip failure itself: keep its words, add where the reader was.
        return new IOException(cause.getMessage() + after, failure);
      }
    }
    return null;
  }
}
