package org.lantern.core.exchange;

import org.lantern.core.signal.SignalType;

class PdqFilteredLookupTest extends HashFilteredLookupTestCase {
  @Override
  SignalType type() {
    return SignalType.PDQ;
  }
}
