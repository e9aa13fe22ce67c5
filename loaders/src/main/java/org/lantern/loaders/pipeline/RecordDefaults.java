package org.lantern.loaders.pipeline;

import java.time.Instant;
import java.util.List;
import org.lantern.core.exchange.SignalSubmission;

/**
 * What the command line says about signals whose input does not say it ({@code --category},
 * {@code --expires}, {@code --visibility}). A field the input carries wins.
 *
 * @param categories for signals without categories; empty for none
 * @param expires for signals without an expiry; {@code null} for never
 * @param visibility for signals without a visibility; empty for every participant
 *     <p>Thread-safety: immutable.
 */
public record RecordDefaults(List<String> categories, Instant expires, List<String> visibility) {
  public RecordDefaults {
    categories = List.copyOf(categories);
    visibility = List.copyOf(visibility);
  }

  public static RecordDefaults none() {
    return new RecordDefaults(List.of(), null, List.of());
  }

  SignalSubmission apply(SignalSubmission s) {
    boolean noCategories = s.categories() == null || s.categories().isEmpty();
    boolean noVisibility = s.visibility() == null || s.visibility().isEmpty();
    if ((!noCategories || categories.isEmpty()) && (s.expires() != null || expires == null)
        && (!noVisibility || visibility.isEmpty())) {
      return s;
    }
    return new SignalSubmission(
        s.type(),
        s.value(),
        noCategories ? categories : s.categories(),
        s.note(),
        s.expires() != null ? s.expires() : expires,
        s.derivedFrom(),
        noVisibility ? visibility : s.visibility());
  }
}
