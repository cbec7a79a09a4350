package dev.vetro.proxy.policycache;

/**
 * Where the hot path reads the policy for its database. Non-blocking: a volatile read of the node's
 * immutable snapshot; never an actor round trip, so judging a statement never waits on the cache.
 */
@FunctionalInterface
public interface PolicySource {
  PolicySnapshot current();

  /**
   * Why there is no policy to judge by (a control plane is configured, it has not answered, and no
   * last-known-good copy exists), or empty when {@link #current()} is a real policy. Sessions are
   * refused while this is present: a firewall does not guess a policy it does not have.
   */
  default java.util.Optional<String> unavailable() {
    return java.util.Optional.empty();
  }
}
