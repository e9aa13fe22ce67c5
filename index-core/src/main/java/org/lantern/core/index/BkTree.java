package org.lantern.core.index;

import java.nio.file.Path;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;
import org.lantern.core.store.MappedArray;

/**
 * A Burkhard–Keller tree: every stored hash is a node, and a node's children are keyed by their
 * distance to it (the edge).
 *
 * <p><b>Why pruning is exact.</b> For a node p at distance {@code d = d(q, p)} and a child c with
 * edge {@code e = d(p, c)}, every hash x in c's subtree has {@code d(p, x) = e}, so by the triangle
 * inequality {@code d(q, x) >= |d - e|}. A subtree can hold a hit within radius r only if {@code
 * e} lies in the window {@code [d - r, d + r]}; the others are skipped. For k-NN, r is the
 * collector's current k-th best distance, so the window narrows as hits come in.
 *
 * <p><b>Layout.</b> One memory-mapped file, {@code bktree.dat}, of four ints per ordinal: first
 * child, next sibling, edge, next duplicate (child and sibling links are ordinals plus one, 0 =
 * none). Ordinal 0 is the root. Children form a newest-first list; a new child is written in full
 * and then published with one release store of its parent's first-child link, so readers never see
 * a half-made node. Exact duplicates of a node (distance 0) hang off a separate list instead of
 * forming a chain of 0-edges, so thousands of identical hashes cost one list, not a deep path.
 * Removed hashes stay in the tree as routing nodes.
 *
 * <p><b>Cost.</b> An insertion walks one root-to-leaf path, scanning each node's children for the
 * matching edge. A search visits every node whose edge lies in the window: cheap for small radii
 * on 64-bit hashes, close to a full scan (with worse locality) for PDQ at radius 31 — measure
 * before choosing it.
 *
 * <p>Thread-safety: one writer, any number of concurrent searches; per-thread scratch stack.
 */
final class BkTree implements IndexStructure {
  private static final int FIRST_CHILD = 0;
  private static final int NEXT_SIBLING = 4;
  private static final int EDGE = 8;
  private static final int NEXT_DUPLICATE = 12;
  private static final int NODE_BYTES = 16;

  private final HashStore store;
  private final MappedArray nodes;
  private final ThreadLocal<int[][]> stacks = ThreadLocal.withInitial(() -> new int[][] {new int[256]});

  BkTree(HashStore store, Path dir, long expectedCapacity, boolean writable) {
    this.store = store;
    this.nodes =
        MappedArray.open(
            dir.resolve("bktree.dat"),
            MappedArray.chunkShiftFor(expectedCapacity * NODE_BYTES),
            writable);
  }

  @Override
  public IndexKind kind() {
    return IndexKind.BKTREE;
  }

  private static long at(int ordinal, int field) {
    return (long) ordinal * NODE_BYTES + field;
  }

  @Override
  public void link(int from, int to) {
    nodes.ensureCapacity((long) to * NODE_BYTES);
    long[] words = new long[store.words()];
    for (int ordinal = from; ordinal < to; ordinal++) {
      nodes.putInt(at(ordinal, FIRST_CHILD), 0);
      nodes.putInt(at(ordinal, NEXT_DUPLICATE), 0);
      if (ordinal == 0) {
        continue; // the root
      }
      store.copyWords(ordinal, words, 0);
      int node = 0;
      while (true) {
        int distance = store.distance(node, words);
        if (distance == 0) {
          nodes.putInt(at(ordinal, EDGE), 0);
          nodes.putInt(at(ordinal, NEXT_SIBLING), nodes.getInt(at(node, NEXT_DUPLICATE)));
          nodes.putIntOrdered(at(node, NEXT_DUPLICATE), ordinal + 1);
          break;
        }
        int child = childWithEdge(node, distance);
        if (child < 0) {
          nodes.putInt(at(ordinal, EDGE), distance);
          nodes.putInt(at(ordinal, NEXT_SIBLING), nodes.getInt(at(node, FIRST_CHILD)));
          nodes.putIntOrdered(at(node, FIRST_CHILD), ordinal + 1);
          break;
        }
        node = child;
      }
    }
  }

  private int childWithEdge(int node, int edge) {
    for (int link = nodes.getInt(at(node, FIRST_CHILD)); link != 0; ) {
      int child = link - 1;
      if (nodes.getInt(at(child, EDGE)) == edge) {
        return child;
      }
      link = nodes.getInt(at(child, NEXT_SIBLING));
    }
    return -1;
  }

  @Override
  public void repair(int from, int to) {
    if (from >= to || from == 0) {
      return; // nothing published: the next link() rewrites the root
    }
    long[] words = new long[store.words()];
    for (int ordinal = from; ordinal < to; ordinal++) {
      store.copyWords(ordinal, words, 0);
      // Walk the path this ordinal took, through published nodes only, and cut stale links there.
      int node = 0;
      while (true) {
        dropStale(node, FIRST_CHILD, from);
        dropStale(node, NEXT_DUPLICATE, from);
        int distance = store.distance(node, words);
        if (distance == 0) {
          break;
        }
        int child = childWithEdge(node, distance);
        if (child < 0) {
          break;
        }
        node = child;
      }
    }
  }

  /** Lists are newest first: unlinks the prefix of entries at or beyond {@code from}. */
  private void dropStale(int node, int field, int from) {
    int link = nodes.getInt(at(node, field));
    while (link != 0 && link - 1 >= from) {
      link = nodes.getInt(at(link - 1, NEXT_SIBLING));
    }
    nodes.putIntOrdered(at(node, field), link);
  }

  @Override
  public void search(
      long[] query, HashStore.Snapshot snapshot, HitCollector collector, SearchStats stats) {
    int size = snapshot.size();
    if (size == 0) {
      return;
    }
    int[][] holder = stacks.get();
    int[] stack = holder[0]; // pairs: node, lower bound on the distance of its subtree
    int top = 0;
    stack[top++] = 0;
    stack[top++] = 0;
    long visited = 0;
    while (top > 0) {
      int bound = stack[--top];
      int node = stack[--top];
      if (bound > collector.maxDistance()) {
        continue; // the window shrank since this node was pushed
      }
      visited++;
      int distance = store.distance(node, query);
      if (distance <= collector.maxDistance()) {
        if (store.isVisible(node, snapshot)) {
          collector.collect(node, distance);
        }
        for (int link = nodes.getInt(at(node, NEXT_DUPLICATE)); link != 0; ) {
          int duplicate = link - 1;
          if (duplicate < size && store.isVisible(duplicate, snapshot)) {
            collector.collect(duplicate, distance);
          }
          link = nodes.getInt(at(duplicate, NEXT_SIBLING));
        }
      }
      for (int link = nodes.getInt(at(node, FIRST_CHILD)); link != 0; ) {
        int child = link - 1;
        int edge = nodes.getInt(at(child, EDGE));
        link = nodes.getInt(at(child, NEXT_SIBLING));
        int childBound = Math.abs(distance - edge);
        if (child >= size || childBound > collector.maxDistance()) {
          continue; // not in this snapshot (nor is its subtree), or outside the window
        }
        if (top + 2 > stack.length) {
          stack = java.util.Arrays.copyOf(stack, stack.length * 2);
          holder[0] = stack;
        }
        stack[top++] = child;
        stack[top++] = childBound;
      }
    }
    stats.addProbes(visited);
    stats.addCandidates(visited);
  }

  @Override
  public void force() {
    nodes.force();
  }

  @Override
  public long mappedBytes() {
    return nodes.mappedBytes();
  }

  @Override
  public void close() {
    nodes.close();
  }
}
