package dev.vetro.api.evaluation;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Admission control for the evaluation routes: past capacity a request is refused at once (503 +
 * {@code Retry-After}) instead of waiting in a queue until its client gives up. {@link
 * AdmissionGate} asks it first thing for every evaluation request, before authentication and before
 * the body is read, so a refusal costs little more than parsing the request line. Two signals,
 * either refuses:
 *
 * <ul>
 *   <li>evaluation requests in flight (from the gate until the answer is made: authentication,
 *       database lookup, the blocking pool for a large text) above {@code maxInFlight};
 *   <li>the request dispatcher's queueing delay above {@code maxLagMillis}: a probe task is
 *       submitted to it every {@link #PROBE_MILLIS} ms and the time it waited is the lag. When the
 *       CPU is saturated every new request waits that long before its route even runs; refusing is
 *       cheaper than judging, so shedding lets the accepted ones through in time and the node
 *       recovers as soon as the load drops (the lag falls with the next probe).
 * </ul>
 */
public final class Admission {
  static final long PROBE_MILLIS = 10;

  /**
   * Little's law at the November knee: 5,000 req/s × 50 ms. A cache-hit evaluation is judged on the
   * dispatcher and in flight for well under a millisecond, so this only fills when requests wait
   * for something (an entity ask, the blocking pool), which is what it bounds.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  /**
   * A healthy node's dispatcher runs a task within a millisecond or two; 20 ms is past the queueing
   * any normal load or a young-generation pause causes, and keeps what an accepted request waits
   * under overload near the 20 ms p99 budget.
   */
  public static final long DEFAULT_MAX_LAG_MILLIS = 20;

  private static final java.util.concurrent.ConcurrentMap<Executor, Probe> PROBES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final int maxInFlight;
  private final long maxLagMillis;
  private final LongSupplier lagMillis;
  private final AtomicInteger inFlight = new AtomicInteger();

  Admission(int maxInFlight, long maxLagMillis, LongSupplier lagMillis) {
    this.maxInFlight = maxInFlight;
    this.maxLagMillis = maxLagMillis;
    this.lagMillis = lagMillis;
  }

  /**
   * {@code VETRO_API_MAX_INFLIGHT_EVALUATIONS} and {@code VETRO_API_SHED_LAG_MS} (0 turns the lag
   * signal off) over the defaults.
   */
  public static Admission fromEnv(Executor dispatcher, Map<String, String> env) {
    int maxInFlight = envInt(env, "VETRO_API_MAX_INFLIGHT_EVALUATIONS", DEFAULT_MAX_IN_FLIGHT);
    long lag = envInt(env, "VETRO_API_SHED_LAG_MS", (int) DEFAULT_MAX_LAG_MILLIS);
    if (maxInFlight <= 0) {
      throw new IllegalArgumentException(
          "VETRO_API_MAX_INFLIGHT_EVALUATIONS must be positive, got " + maxInFlight);
    }
    return probing(dispatcher, maxInFlight, lag <= 0 ? Long.MAX_VALUE : lag);
  }

  private static int envInt(Map<String, String> env, String name, int dflt) {
    String v = env.get(name);
    try {
      return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'", e);
    }
  }

  /** Probes {@code dispatcher}'s queueing delay from a daemon thread. */
  public static Admission probing(Executor dispatcher, int maxInFlight, long maxLagMillis) {
    // one probe thread per dispatcher, however many route trees are built over it
    Probe probe = PROBES.computeIfAbsent(dispatcher, Probe::new);
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

  public int inFlight() {
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
