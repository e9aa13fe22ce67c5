/**
 * Perceptual image hashing: decode an image, then hash it with PDQ, pHash or dHash.
 *
 * <h2>Choosing</h2>
 *
 * <table>
 *   <caption>Hashers</caption>
 *   <tr><th>class</th><th>bits</th><th>compatible with</th><th>match radius</th><th>cost (1024x768, 1 core)</th></tr>
 *   <tr><td>{@link org.lantern.core.hashing.PdqHasher}</td><td>256 + quality</td>
 *       <td>Meta's PDQ: bit-identical with the Java reference on the same pixels; C++/CImg within a
 *       few bits (JPEG decoding differs)</td><td>31</td><td>~1.6 ms (~640/s); 8 dihedral variants ~1.4 ms (~720/s)</td></tr>
 *   <tr><td>{@link org.lantern.core.hashing.PHasher}</td><td>64</td>
 *       <td>imagehash-style pHash definition (not bit-identical: different resize)</td><td>8</td><td>~0.12 ms (~8,400/s)</td></tr>
 *   <tr><td>{@link org.lantern.core.hashing.DHasher}</td><td>64</td>
 *       <td>imagehash-style dHash definition (not bit-identical: different resize)</td><td>8</td><td>~0.1 ms (~10,500/s)</td></tr>
 * </table>
 *
 * <p>Costs are for an already-decoded 1024x768 image on one core of a shared 2-core EPYC
 * ({@code benchmarks/RESULTS.md}, with the 3-byte-pixel vector paths of {@code BgrCellSums}); decoding that image from JPEG takes ~7 ms, so decoding,
 * not hashing, bounds the throughput of file hashing.
 *
 * <p>{@link org.lantern.core.hashing.ImageHasher#forType} gives the hasher for a {@link
 * org.lantern.core.hash.HashType}. {@link org.lantern.core.hashing.ImageDecoder} turns files or
 * bytes into a {@code BufferedImage} (first frame, no EXIF rotation, pixel limit checked from the
 * header) or throws {@link org.lantern.core.hashing.ImageDecodeException}.
 *
 * <h2>PDQ robustness, measured</h2>
 *
 * <p>{@code PdqRobustnessTest} on the two reference photos with quality &ge; 50 and a short side
 * &ge; 512 px (bridge-1-original.jpg, pen-and-coaster.png); distance from the original's hash:
 *
 * <table>
 *   <caption>PDQ distance after an edit (match threshold 31)</caption>
 *   <tr><th>edit</th><th>bridge</th><th>pen-and-coaster</th></tr>
 *   <tr><td>JPEG re-encode, quality 0.25</td><td>2</td><td>2</td></tr>
 *   <tr><td>JPEG re-encode, quality 0.5</td><td>0</td><td>2</td></tr>
 *   <tr><td>resize 50% (bilinear)</td><td>2</td><td>4</td></tr>
 *   <tr><td>resize 200% (bilinear)</td><td>2</td><td>8</td></tr>
 *   <tr><td>grayscale (rounded luma)</td><td>0</td><td>2</td></tr>
 *   <tr><td>brightness +20%</td><td>14</td><td>4</td></tr>
 *   <tr><td>contrast +30%</td><td>10</td><td>2</td></tr>
 *   <tr><td>small text watermark</td><td>2</td><td>6</td></tr>
 *   <tr><td>Gaussian blur, sigma 1</td><td>2</td><td>0</td></tr>
 *   <tr><td>mirror / 90-degree rotation, via the dihedral variants</td><td>0-8</td><td>0-12</td></tr>
 *   <tr><td><b>crop 4%</b> (top-left / centred)</td><td>78 / 36</td><td>92 / 38</td></tr>
 *   <tr><td><b>rotation 2 degrees</b> (+ / -)</td><td>38 / 38</td><td>22 / 40</td></tr>
 * </table>
 *
 * <p>Unrelated reference images are 112 bits or more apart. Meta's own figures for PDQ are 66-142
 * bits for a 4% crop and 32-106 bits for a 2-degree rotation; ours fall in or just below those
 * ranges. <b>PDQ does not survive crops or small rotations</b>, and nothing here claims it does:
 * a cropped or slightly rotated copy is usually not found at radius 31.
 *
 * <p>Thread-safety: every public class here is immutable or safe for concurrent use.
 */
package org.lantern.core.hashing;
