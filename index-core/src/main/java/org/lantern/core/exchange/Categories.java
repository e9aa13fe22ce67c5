package org.lantern.core.exchange;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.lantern.core.signal.SignalRejectedException;

/**
 * The controlled vocabulary of signal categories: a small built-in set that an exchange's
 * configuration can extend. A controlled vocabulary (not free tags) is what lets participants
 * filter and count across contributors.
 *
 * <p>Thread-safety: immutable.
 */
public final class Categories {
  /** Built-in categories (DESIGN.md §3). */
  public static final Set<String> BUILT_IN =
      Set.of("csam", "grooming", "sextortion", "trade", "ncii");

  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  private final Set<String> allowed;

  public Categories(Collection<String> extra) {
    Set<String> all = new TreeSet<>(BUILT_IN);
    all.addAll(extra);
    this.allowed = Set.copyOf(all);
  }

  /** Every accepted category, sorted. */
  public Set<String> allowed() {
    return new TreeSet<>(allowed);
  }

  /**
   * The canonical list for a signal: lower-cased, trimmed, distinct, sorted.
   *
   * @throws SignalRejectedException ({@code unknown_category}) naming the accepted ones
   */
  public java.util.List<String> canonical(Collection<String> given) {
    if (given == null) {
      return java.util.List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    int i = 0;
    for (String category : given) {
      String c = category == null ? "" : category.trim().toLowerCase(Locale.ROOT);
      if (!allowed.contains(c)) {
        throw new SignalRejectedException(
            "unknown_category",
            "categories[" + i + "]",
            "unknown category '" + category + "' (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
      out.add(c);
      i++;
    }
    return java.util.List.copyOf(out);
  }

  static void checkLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "category '" + label + "' must be 1-32 of [a-z0-9_-], starting with a letter or digit");
    }
  }
}
