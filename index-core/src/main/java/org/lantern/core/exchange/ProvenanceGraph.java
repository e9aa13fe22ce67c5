package org.lantern.core.exchange;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.lantern.core.signal.Signal;

/**
 * The {@code derived_from} links between signals, both ways: each signal's record holds its
 * parents; this keeps the reverse (parent → children) in memory, rebuilt from the store on open,
 * so that descendants can be found without scanning the store.
 *
 * <p>Thread-safety: {@link #link} by the single writer; walks from any thread (concurrent sets).
 */
final class ProvenanceGraph {
  /** Most signals one walk visits: a guard against a pathological graph, far above real chains. */
  private static final int MAX_VISITED = 10_000;

  private final Map<String, Set<String>> children = new ConcurrentHashMap<>();

  /** Keeps the reverse links in line with a new ({@code before == null}) or changed signal. */
  void link(Signal before, Signal after) {
    if (before != null) {
      for (String parent : before.derivedFrom()) {
        Set<String> kids = children.get(parent);
        if (kids != null) {
          kids.remove(before.id());
        }
      }
    }
    for (String parent : after.derivedFrom()) {
      children.computeIfAbsent(parent, k -> ConcurrentHashMap.newKeySet()).add(after.id());
    }
  }

  /**
   * Breadth-first from {@code root} over parent links ({@code up}) or child links, each signal
   * once, nearest first. Signals {@code visible} accepts go to {@code shown} and are walked on
   * from; the others are counted (the return value, for the exchange's own use: never shown to the
   * caller) and not walked through. A hidden step cuts the chain: a signal reached only through it
   * would tell the caller that something it may not see links the two.
   */
  int walk(Signal root, boolean up, Function<String, Signal> lookup, Predicate<Signal> visible, List<Signal> shown) {
    ArrayDeque<String> queue = new ArrayDeque<>(up ? root.derivedFrom() : children.getOrDefault(root.id(), Set.of()));
    Set<String> seen = new HashSet<>();
    seen.add(root.id());
    int hidden = 0;
    while (!queue.isEmpty() && seen.size() < MAX_VISITED) {
      String next = queue.poll();
      if (!seen.add(next)) {
        continue;
      }
      Signal signal = lookup.apply(next);
      if (signal == null) {
        continue;
      }
      if (!visible.test(signal)) {
        hidden++;
        continue;
      }
      shown.add(signal);
      queue.addAll(up ? signal.derivedFrom() : children.getOrDefault(next, Set.of()));
    }
    return hidden;
  }
}
