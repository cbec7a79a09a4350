package dev.vetro.api.evaluation;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Admission control for the evaluation routes: past capacity a request is refused at once (503 +
 * {@code Retry-After}) instead of waiting in a queue until its client gives up. Two signals, either
 * refuses:
 *
 * <ul>
 *   <li>in-flight evaluations above {@code maxInFlight} (the ones waiting for a database lookup or
 *       the blocking pool for a large text);
 *   <li>the request dispatcher's queueing delay above {@code maxLagMillis}: a probe task is
 *       submitted to it every {@link #PROBE_MILLIS} ms and the time it waited is the lag. When the
 *       CPU is saturated every new request waits that long before its route even runs; refusing is
 *       cheaper than judging, so shedding lets the accepted ones through in time and the node
 *       recovers as soon as the load drops (the lag falls with the next probe).
 * </ul>
 */
public final class Admission {
  static final long PROBE_MILLIS = 10;

  private final int maxInFlight;
  private final long maxLagMillis;
  private final LongSupplier lagMillis;
  private final AtomicInteger inFlight = new AtomicInteger();

  Admission(int maxInFlight, long maxLagMillis, LongSupplier lagMillis) {
    this.maxInFlight = maxInFlight;
    this.maxLagMillis = maxLagMillis;
    this.lagMillis = lagMillis;
  }

  /** Probes {@code dispatcher}'s queueing delay from a daemon thread. */
  public static Admission probing(Executor dispatcher, int maxInFlight, long maxLagMillis) {
    Probe probe = new Probe(dispatcher);
    return new Admission(maxInFlight, maxLagMillis, probe::lagMillis);
  }

  /** True when admitted: the caller must call {@link #exit} once the answer is made. */
  public boolean tryEnter() {
    if (lagMillis.getAsLong() > maxLagMillis) {
      return false;
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  public void exit() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  private static final class Probe {
    private final Executor dispatcher;
    private volatile long submittedAt = -1; // nanos of the probe still waiting, -1 when none
    private volatile long lastLagMillis;

    Probe(Executor dispatcher) {
      this.dispatcher = dispatcher;
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "vetro-admission-probe");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(this::probe, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void probe() {
      if (submittedAt >= 0) {
        return; // the last probe has not run yet: lagMillis() already reports its growing wait
      }
      long now = System.nanoTime();
      submittedAt = now;
      dispatcher.execute(
          () -> {
            lastLagMillis = (System.nanoTime() - submittedAt) / 1_000_000;
            submittedAt = -1;
          });
    }

    long lagMillis() {
      long waiting = submittedAt;
      long pending = waiting >= 0 ? (System.nanoTime() - waiting) / 1_000_000 : 0;
      return Math.max(lastLagMillis, pending);
    }
  }
}
