package org.lantern.core.exchange;

import java.util.SplittableRandom;
import org.lantern.core.signal.SignalType;

class Sha1FilteredLookupTest extends ExactFilteredLookupTestCase {
  @Override
  SignalType type() {
    return SignalType.SHA1;
  }

  @Override
  String randomValue(SplittableRandom random) {
    StringBuilder hex = new StringBuilder();
    while (hex.length() < 40) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }
}
