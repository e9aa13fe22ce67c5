package org.lantern.core.text;
// STUB until feat/keyword merges
import java.util.Locale;
public final class KeywordFolding {
  public static String canonical(String phrase) { return phrase.trim().toLowerCase(Locale.ROOT); }
}
