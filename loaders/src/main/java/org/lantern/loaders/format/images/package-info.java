/**
 * The {@code images} input format: a directory tree of image files, hashed on load with the
 * core's PDQ, pHash and dHash ({@link org.lantern.core.hashing}). The walk is sorted by name and
 * holds one directory listing per level ({@code SortedWalk}); each image gives one record per hash
 * type ({@code ImageDirectoryReader} says which are submitted and which rejected, and why).
 *
 * <p>Thread-safety: the format is immutable; readers are used by one thread.
 */
package org.lantern.loaders.format.images;
