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

  public NodePolicySource(PolicySnapshot initial) {
    this.current = initial;
  }

  @Override
  public PolicySnapshot current() {
    return current;
  }

  void replace(PolicySnapshot next) {
    synchronized (changed) {
      current = next;
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
