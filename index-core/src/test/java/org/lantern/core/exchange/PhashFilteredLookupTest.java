package org.lantern.core.exchange;

import org.lantern.core.signal.SignalType;

class PhashFilteredLookupTest extends HashFilteredLookupTestCase {
  @Override
  SignalType type() {
    return SignalType.PHASH;
  }
}
