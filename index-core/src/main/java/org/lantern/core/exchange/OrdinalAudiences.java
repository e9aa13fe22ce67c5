package org.lantern.core.exchange;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The audience id ({@link Audiences}) of each ordinal of one perceptual index: what lets a lookup
 * reject a hash the caller may not see inside the search, with one array read. 0 means no signal
 * anyone may see: an ordinal removed, never named by a record (left by a crash), or not yet
 * written. Lookups therefore fail closed: an ordinal is acceptable only once its audience is set.
 *
 * <p>One ordinal stands for one signal today (a record names its ordinal). If several signals ever
 * share an ordinal, its entry must become an audience that any of those signals' callers may see
 * (the union), with the per-signal check after the search choosing among them.
 *
 * <p>Thread-safety: one writer (under the exchange's write lock, or during open), any number of
 * readers. Entries are written with release and read with acquire semantics; the writer sets a new
 * ordinal's entry before the index publishes the ordinal, so a search that sees the ordinal sees
 * its audience. The array grows copy-on-write; a reader still holding the old array reads 0 past
 * its end, which rejects.
 */
final class OrdinalAudiences {
  private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(int[].class);

  private volatile int[] entries;

  OrdinalAudiences(int initialCapacity) {
    this.entries = new int[Math.max(16, initialCapacity)];
  }

  /** Sets the audience id of {@code ordinal} (0: not acceptable to anyone). Writer only. */
  void set(long ordinal, int audience) {
    if (ordinal < 0 || ordinal >= Integer.MAX_VALUE) {
      return;
    }
    int[] current = entries;
    if (ordinal >= current.length) {
      if (audience == 0) {
        return; // beyond the array is 0 already
      }
      current = Arrays.copyOf(current, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(ordinal + 1, (long) current.length * 2)));
      entries = current;
    }
    ENTRY.setRelease(current, (int) ordinal, audience);
  }

  /** The audience id of {@code ordinal}, 0 if none. */
  int get(int ordinal) {
    int[] current = entries;
    return ordinal >= 0 && ordinal < current.length ? (int) ENTRY.getAcquire(current, ordinal) : 0;
  }
}
