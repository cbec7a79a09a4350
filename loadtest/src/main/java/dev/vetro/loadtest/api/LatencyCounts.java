package dev.vetro.loadtest.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Response times of one outcome, counted per whole millisecond (Gatling measures in whole
 * milliseconds, so this is exact, not an approximation like a log-bucketed histogram). Times above
 * {@code maxMillis} share the last bucket; the maximum itself is kept exactly. Lock-free: Gatling's
 * event-loop threads record concurrently.
 */
final class LatencyCounts {
  private final AtomicLongArray counts;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  LatencyCounts(int maxMillis) {
    this.counts = new AtomicLongArray(maxMillis + 1);
  }

  void record(long millis) {
    long ms = Math.max(0, millis);
    counts.incrementAndGet((int) Math.min(ms, counts.length() - 1));
    total.incrementAndGet();
    max.accumulateAndGet(ms, Math::max);
  }

  /** The figures of what was recorded so far; percentiles are nearest-rank, in ms. */
  Summary summary() {
    long n = total.get();
    return new Summary(n, percentile(n, 50), percentile(n, 99), n == 0 ? 0 : max.get());
  }

  /** Nearest rank: the smallest time at or below which {@code pct}% of the answers fell. */
  private long percentile(long n, int pct) {
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (n * pct + 99) / 100);
    long seen = 0;
    for (int ms = 0; ms < counts.length(); ms++) {
      seen += counts.get(ms);
      if (seen >= rank) {
        return ms == counts.length() - 1 ? max.get() : ms;
      }
    }
    return max.get(); // records racing this read: the last bucket is the honest answer
  }

  /** Count and latency figures (ms) of one outcome in one phase. */
  record Summary(long count, long p50, long p99, long max) {
    static final Summary EMPTY = new Summary(0, 0, 0, 0);
  }
}
