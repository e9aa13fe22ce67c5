package org.lantern.core.text;

/**
 * Decides, inside a text-index lookup, which documents may be returned, so that a lookup with a
 * limit returns the first {@code limit} <em>acceptable</em> documents in one pass. Two levels, for
 * cost: {@link #acceptsAudience} is asked once per distinct audience string per index segment (a
 * few per lookup, whatever the number of documents), {@link #accepts} once per document whose
 * audience passed.
 *
 * <p>A document without an audience is never returned (fail closed).
 *
 * <p>Thread-safety: used by one lookup at a time; implementations may keep per-lookup state.
 */
public interface TextFilter {
  /** Accepts every document that has an audience. */
  TextFilter ALL =
      new TextFilter() {
        @Override
        public boolean acceptsAudience(String audience) {
          return true;
        }

        @Override
        public boolean accepts(byte[] id) {
          return true;
        }
      };

  /**
   * The scopes to search ({@link TextIndex}: documents are indexed behind the scope their owner
   * gave them), or null for every document. A lookup for a caller names the scopes the caller may
   * see, so that documents of any other scope are never visited.
   */
  default java.util.List<String> scopes() {
    return null;
  }

  /** Whether documents put with this audience string may be returned. */
  boolean acceptsAudience(String audience);

  /** Whether the document of signal {@code id} (binary), whose audience passed, may be returned. */
  boolean accepts(byte[] id);
}
