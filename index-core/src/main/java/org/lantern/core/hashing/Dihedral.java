package org.lantern.core.hashing;

import java.util.Locale;

/**
 * The eight symmetries of a rectangle (the dihedral group D4), in the order and with the names
 * Meta's PDQ tools print with {@code --pdqdih}: {@code orig, rot90, rot180, rot270, flipx, flipy,
 * flipp, flipm}.
 *
 * <p>{@code flipx} mirrors top to bottom (about the x axis), {@code flipy} left to right, {@code
 * flipp} transposes about the main diagonal ("flip plus 1") and {@code flipm} about the
 * anti-diagonal ("flip minus 1").
 *
 * <p>Thread-safety: immutable.
 */
public enum Dihedral {
  /** The image as given. */
  ORIGINAL("orig"),
  /** Rotated by 90 degrees counter-clockwise (the reference's {@code bridge-2-rotate-90}). */
  ROTATE_90("rot90"),
  /** Rotated by 180 degrees. */
  ROTATE_180("rot180"),
  /** Rotated by 270 degrees counter-clockwise (90 clockwise). */
  ROTATE_270("rot270"),
  /** Mirrored top to bottom. */
  FLIP_X("flipx"),
  /** Mirrored left to right. */
  FLIP_Y("flipy"),
  /** Transposed about the main diagonal. */
  FLIP_PLUS_1("flipp"),
  /** Transposed about the anti-diagonal. */
  FLIP_MINUS_1("flipm");

  private final String label;

  Dihedral(String label) {
    this.label = label;
  }

  /** The reference tools' name ({@code xform=} value), e.g. {@code "rot90"}. */
  public String label() {
    return label;
  }

  /**
   * Looks a transform up by its reference name, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted labels
   */
  public static Dihedral fromLabel(String label) {
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    for (Dihedral d : values()) {
      if (d.label.equals(wanted)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dihedral transform '" + label
        + "' (expected one of orig, rot90, rot180, rot270, flipx, flipy, flipp, flipm)");
  }
}
