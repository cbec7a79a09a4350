package dev.vetro.proxy.net;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A log line an outside peer can cause, written at most once per interval with the number of
 * occurrences it stands for. A connection flood, a port scanner or a client retrying in a loop then
 * costs a line per interval, not one per attempt (issue 14: 3.2 million WARN lines in 22 s when
 * accept failed for lack of file descriptors). Thread-safe; one counter per kind of line.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong nextAllowed;

  public RateLimitedLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  /** {@code clock}: nanoseconds, as {@link System#nanoTime()}. */
  public RateLimitedLog(Logger log, Duration interval, LongSupplier clock) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.nextAllowed = new AtomicLong(clock.getAsLong());
  }

  /** Counts one occurrence; writes a WARN line with the count when the interval has passed. */
  public boolean warn(String what, Object detail) {
    long count = due();
    if (count > 0) {
      log.warn(
          "{}: {} ({} occurrence(s) since the last such line; at most one per {} s)",
          what,
          detail,
          count,
          intervalNanos / 1_000_000_000L);
    }
    return count > 0;
  }

  /** As {@link #warn}, at INFO. */
  public boolean info(String what, Object detail) {
    long count = due();
    if (count > 0) {
      log.info(
          "{}: {} ({} occurrence(s) since the last such line; at most one per {} s)",
          what,
          detail,
          count,
          intervalNanos / 1_000_000_000L);
    }
    return count > 0;
  }

  /** The occurrences to report now (this one included), or 0 when the interval has not passed. */
  private long due() {
    pending.incrementAndGet();
    long now = clock.getAsLong();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      return 0;
    }
    return pending.getAndSet(0);
  }
}
