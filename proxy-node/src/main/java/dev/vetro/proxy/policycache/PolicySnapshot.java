package dev.vetro.proxy.policycache;

import dev.vetro.policy.CompiledPolicy;
import java.util.Objects;

/**
 * One database's compiled policy as this node enforces it right now, with where it came from (e.g.
 * {@code "file:/etc/vetro/policy.json"}, {@code "api https://…"}, {@code "last-known-good
 * /var/lib/…"}, {@code "default catalog"}) so logs and the heartbeat can say why a statement was
 * judged the way it was.
 */
public record PolicySnapshot(String databaseId, CompiledPolicy policy, String origin) {

  public PolicySnapshot {
    Objects.requireNonNull(databaseId, "databaseId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(origin, "origin");
  }

  public long version() {
    return policy.version();
  }
}
