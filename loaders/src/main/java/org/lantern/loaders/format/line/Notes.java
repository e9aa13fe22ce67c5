package org.lantern.loaders.format.line;

import java.util.List;

/**
 * Builds a signal's note from what a file says about it that has no field of its own:
 * {@code te_id: 123; added_on: 2020-07-01T18:31:15+0000; tags: nudity pwny}. Parts are
 * {@code name: value} joined by {@code "; "}, blank values are left out, and free-form tags go
 * here rather than into categories, which are a controlled vocabulary the exchange would refuse
 * them from.
 *
 * <p>Thread-safety: not thread-safe; one per record.
 */
final class Notes {
  private final StringBuilder out = new StringBuilder();

  /** Adds {@code name: value}, unless the value is null or blank. */
  Notes add(String name, String value) {
    if (value != null && !value.isBlank()) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      out.append(name).append(": ").append(value.strip());
    }
    return this;
  }

  /** Adds {@code tags: a b c} from white-space separated tags, unless there are none. */
  Notes tags(String tags) {
    List<String> words = tags == null ? List.of() : Text.words(tags);
    return add("tags", String.join(" ", words));
  }

  /** The note, or {@code null} when nothing was added. */
  String build() {
    return out.isEmpty() ? null : out.toString();
  }
}
