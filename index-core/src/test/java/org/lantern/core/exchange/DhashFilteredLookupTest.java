package org.lantern.core.exchange;

import org.lantern.core.signal.SignalType;

class DhashFilteredLookupTest extends HashFilteredLookupTestCase {
  @Override
  SignalType type() {
    return SignalType.DHASH;
  }
}
