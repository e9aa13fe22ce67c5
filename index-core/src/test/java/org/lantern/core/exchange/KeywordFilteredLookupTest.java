package org.lantern.core.exchange;

import java.util.SplittableRandom;
import org.lantern.core.signal.SignalType;

class KeywordFilteredLookupTest extends ExactFilteredLookupTestCase {
  @Override
  SignalType type() {
    return SignalType.KEYWORD;
  }

  @Override
  String canonical(String value) {
    return org.lantern.core.text.KeywordFolding.canonical(value);
  }

  @Override
  String randomValue(SplittableRandom random) {
    StringBuilder word = new StringBuilder("code");
    for (int i = 0; i < 8; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }
}
