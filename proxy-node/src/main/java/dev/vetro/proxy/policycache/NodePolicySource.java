package dev.vetro.proxy.policycache;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * This node's view of its database's policy: one volatile reference to an immutable snapshot, so
 * the hot path's {@link #current()} is a plain read; only the subscriber actor writes it.
 */
public final class NodePolicySource implements PolicySource {
  private final Object changed = new Object();
  private volatile PolicySnapshot current;
  private volatile long replacedAtNanos = System.nanoTime();

  private volatile String unavailable;

  public NodePolicySource(PolicySnapshot initial) {
    this.current = initial;
  }

  /**
   * A source whose {@code placeholder} is no policy at all: {@link #unavailable()} gives {@code
   * reason} until the first real snapshot replaces it.
   */
  public static NodePolicySource unavailableUntilFetched(
      PolicySnapshot placeholder, String reason) {
    NodePolicySource s = new NodePolicySource(placeholder);
    s.unavailable = reason;
    return s;
  }

  @Override
  public java.util.Optional<String> unavailable() {
    return java.util.Optional.ofNullable(unavailable);
  }

  /** Seconds since this node's snapshot was last replaced (a new revision, or the first one). */
  public double secondsSinceReplaced() {
    return (System.nanoTime() - replacedAtNanos) / 1e9;
  }

  @Override
  public PolicySnapshot current() {
    return current;
  }

  void replace(PolicySnapshot next) {
    synchronized (changed) {
      current = next;
      unavailable = null;
      replacedAtNanos = System.nanoTime();
      changed.notifyAll();
    }
  }

  /**
   * Waits (off the hot path: at start, in tests) until the snapshot satisfies {@code condition}.
   *
   * @return whether it did within {@code timeout}
   */
  public boolean await(Predicate<PolicySnapshot> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (!condition.test(current)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }
}
