package org.lantern.core.hashing;

/**
 * Whether this JVM has the {@code jdk.incubator.vector} module, checked without touching a class
 * that needs it: {@link BgrCellSums} is only loaded when this says yes, so a JVM started without
 * Lantern's flags falls back to the scalar loops instead of failing.
 *
 * <p>Thread-safety: immutable.
 */
final class VectorSupport {
  static final boolean AVAILABLE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorSupport() {}
}
