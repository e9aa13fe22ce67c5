package org.lantern.server.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lantern.core.signal.Signal;

/**
 * Lantern signals as HMA banks: <b>one bank per category</b>, named as HMA names banks ({@code
 * CAPS_AND_UNDERSCORE}): {@code csam} is bank {@code CSAM}, {@code trade} is {@code TRADE}; a
 * signal without a category is in {@code UNCATEGORIZED}. A signal with several categories is in
 * each of their banks.
 *
 * <p>Why per category: in HMA a bank is a list of content that calls for one action ("take down
 * and report", "send to review"), and pipelines written for HMA route on the bank name. Lantern's
 * categories are that policy axis; contributors are not (two contributors' CSAM hashes call for
 * the same action), so banks per contributor would make every pipeline list every contributor.
 *
 * <p>Thread-safety: stateless.
 */
final class HmaBanks {
  /** The bank of signals without a category. */
  static final String UNCATEGORIZED = "UNCATEGORIZED";

  private HmaBanks() {}

  /** The banks {@code signal} is in, in its categories' order. */
  static List<String> of(Signal signal) {
    if (signal.categories().isEmpty()) {
      return List.of(UNCATEGORIZED);
    }
    List<String> banks = new ArrayList<>(signal.categories().size());
    for (String category : signal.categories()) {
      banks.add(bankName(category));
    }
    return banks;
  }

  /** {@code trade-links} → {@code TRADE_LINKS}. */
  static String bankName(String category) {
    return category.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
