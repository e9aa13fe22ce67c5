/**
 * Exact Hamming-distance indexes over 64- and 256-bit perceptual hashes, and how to choose one.
 *
 * <p>{@link org.lantern.core.index.PlannedIndex} is the entry point: one directory, one {@link
 * org.lantern.core.store.HashStore} (the bits, once), the structures below, and a planner that
 * picks one per query. Every structure is exact — it returns precisely what brute force returns,
 * in the same order (distance, then id) — so the choice is about speed only, and tests hold them
 * all to the flat scan.
 *
 * <table>
 *   <caption>The structures</caption>
 *   <tr><th>structure</th><th>best for</th><th>memory (10M PDQ)</th><th>add</th><th>query cost</th></tr>
 *   <tr><td>{@code FlatIndex}</td><td>small sets (&lt; 2,048), large radii, k-NN with far
 *       neighbours</td><td>none beyond the records</td><td>free</td><td>one sequential pass:
 *       size × record bytes of memory bandwidth</td></tr>
 *   <tr><td>{@code MultiIndexHash}</td><td>the default: PDQ at radius &lt;= 31, 64-bit hashes at
 *       radius &lt;= 8, any size</td><td>heads: 4 bytes × 2^length per table (448 MiB for 11
 *       tables of 23–24 bits); links: 4 bytes × tables per hash, inside the records</td><td>one
 *       random write per table</td><td>probes + candidates random reads; about 2,900 + 3,100 for
 *       PDQ r=31 at 10M</td></tr>
 *   <tr><td>{@code BkTree}</td><td>64-bit hashes at radius &lt;= 4, when no multi-index is
 *       kept</td><td>16 bytes per hash</td><td>one root-to-leaf walk</td><td>nodes in the
 *       triangle-inequality window; near a full scan for PDQ at r=31</td></tr>
 * </table>
 *
 * <p><b>Planner</b> ({@link org.lantern.core.index.IndexPlanner}): flat below 2,048 hashes;
 * otherwise the cheaper of flat and multi-index by a cost model (sequential bytes vs random
 * accesses, constants from {@code benchmarks/RESULTS.md}); the BK-tree only where it is the one
 * structure kept. Multi-index k-NN runs with a probe budget equal to the flat scan's cost and
 * hands over to the flat scan when the neighbours are far.
 *
 * <p><b>Concurrency</b>: every structure supports any number of concurrent readers with one
 * writer; readers take a snapshot (one volatile read) and see one prefix of the writer's
 * operations. Writes go through {@code PlannedIndex}, which serializes them.
 *
 * <p><b>Persistence</b>: all structures live in memory-mapped files in the index directory and
 * reopen without a rebuild; a crash while linking a batch is repaired on the next writable open.
 */
package org.lantern.core.index;
