package org.lantern.loaders.format.document;

import java.util.List;
import java.util.Locale;

/**
 * Which Lantern categories an NCMEC {@code <classification>} establishes, if any.
 *
 * <p>Only a classification that says in words that the content is child sexual abuse material
 * ("CSAM", "child sexual abuse material", "(apparent) child pornography") maps to {@code csam}.
 * The short codes NCMEC's hash-sharing feed carries ({@code A1}, {@code B2}, ...) do not: their
 * definitions are in NCMEC's member documentation, not in the feed, and a category is a claim
 * every participant relies on, so it is set only where the mapping is certain. A classification
 * that negates ("not", "non-") never maps. Every classification is kept in the signal's note, and
 * the operator who knows the feed can give the category of a whole load on the command line.
 *
 * <p>Thread-safety: stateless.
 */
final class NcmecClassification {
  private static final List<String> CSAM = List.of("csam");

  private NcmecClassification() {}

  /** {@code ["csam"]} when {@code classification} says so in words; otherwise {@code null} (none from the file). */
  static List<String> categories(String classification) {
    if (classification == null) {
      return null;
    }
    String text = classification.strip().toLowerCase(Locale.ROOT);
    if (text.contains("not ") || text.contains("non")) {
      return null;
    }
    boolean csam = text.equals("csam")
        || text.contains("child sexual abuse material")
        || text.contains("child pornography");
    return csam ? CSAM : null;
  }
}
