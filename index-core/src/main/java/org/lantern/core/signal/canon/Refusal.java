package org.lantern.core.signal.canon;

import org.lantern.core.signal.SignalRejectedException;

/**
 * Turns "what was wrong" and "what was expected" into the caller's rejection: the URL canonicaliser
 * and the e-mail normaliser share the host rules but refuse with different codes ({@code
 * invalid_url}, {@code invalid_email}) and different context (a URL is quoted back; an e-mail
 * address is not, see {@link AccountNormalizer}).
 *
 * <p>Thread-safety: implementations are stateless lambdas.
 */
@FunctionalInterface
interface Refusal {
  /**
   * The exception to throw.
   *
   * @param problem what is wrong, naming the offending part ("port 99999 is out of range 1-65535")
   * @param expected what would have been accepted, or null when the problem says it already
   */
  SignalRejectedException refuse(String problem, String expected);

  /** {@link #refuse(String, String)} without an "expected" clause. */
  default SignalRejectedException refuse(String problem) {
    return refuse(problem, null);
  }

  /** "problem; expected ...", the shape of every message. */
  static String message(String problem, String expected) {
    return expected == null ? problem : problem + "; expected " + expected;
  }
}
