package dev.vetro.proxy.policycache;

/**
 * Where the hot path reads the policy for its database. Non-blocking: a volatile read of the node's
 * immutable snapshot; never an actor round trip, so judging a statement never waits on the cache.
 */
@FunctionalInterface
public interface PolicySource {
  PolicySnapshot current();
}
