package org.lantern.core.participant;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A vetted member of the exchange.
 *
 * @param id stable, URL-safe id (1-64 of [A-Za-z0-9._-]), used as contributor and in visibility lists
 * @param displayName how people call it
 * @param roles what it may do
 * @param suspended a suspended participant can do nothing; its signals stay
 * @param created when it was added
 * @param keys its API keys, without their secrets (only hashes are kept)
 *     <p>Thread-safety: immutable.
 */
public record Participant(
    String id, String displayName, Set<Role> roles, boolean suspended, Instant created, List<ApiKeyInfo> keys) {
  public Participant {
    roles = Set.copyOf(roles);
    keys = List.copyOf(keys);
  }

  /** An API key's public facts. */
  public record ApiKeyInfo(String keyId, Instant created, Instant revoked) {
    public boolean active() {
      return revoked == null;
    }
  }
}
