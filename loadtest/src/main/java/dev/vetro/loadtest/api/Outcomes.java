package dev.vetro.loadtest.api;

/**
 * What became of each request of one Gatling run, recorded by {@link ProxyQuerySimulation} after
 * its request: accepted (200 with a decision) and refused (503, the node shedding load) with their
 * own response-time figures, because one global p99 mixes a fast refusal with a slow acceptance and
 * says nothing about either. Gatling's own statistics cannot split them: a request's name is fixed
 * before its answer is known.
 *
 * <p>Static because Gatling instantiates the simulation itself; {@link GatlingRun} resets it before
 * each run and takes the {@link Snapshot} after.
 */
final class Outcomes {
  /** Gatling gives up after 10 s (GatlingRun); one bucket per ms up to there, then one more. */
  private static final int MAX_MILLIS = 12_000;

  private static volatile Recorder current = new Recorder();

  private Outcomes() {}

  static void reset() {
    current = new Recorder();
  }

  static Snapshot snapshot() {
    return current.snapshot();
  }

  /**
   * One answered or unanswered request. {@code status} is null when no response came (time-out,
   * connection refused or reset); {@code bodyOk} is false when a 200 lacked its decision.
   */
  static void record(Integer status, Integer responseMillis, boolean bodyOk) {
    Recorder r = current;
    if (status == null || responseMillis == null) {
      r.unanswered.record(0);
    } else if (status == 200 && bodyOk) {
      r.accepted.record(responseMillis);
    } else if (status == 503) {
      r.refused.record(responseMillis);
    } else {
      r.otherStatus.record(responseMillis);
    }
  }

  private static final class Recorder {
    final LatencyCounts accepted = new LatencyCounts(MAX_MILLIS);
    final LatencyCounts refused = new LatencyCounts(MAX_MILLIS);
    final LatencyCounts otherStatus = new LatencyCounts(MAX_MILLIS);
    final LatencyCounts unanswered = new LatencyCounts(0);

    Snapshot snapshot() {
      return new Snapshot(
          accepted.summary(),
          refused.summary(),
          otherStatus.summary().count(),
          unanswered.summary().count());
    }
  }

  /**
   * One run's outcomes: {@code otherStatus} counts answers that were neither a 200 with a decision
   * nor a 503; {@code unanswered} the requests with no response at all (mostly Gatling's 10 s
   * time-out).
   */
  record Snapshot(
      LatencyCounts.Summary accepted,
      LatencyCounts.Summary refused,
      long otherStatus,
      long unanswered) {
    static final Snapshot NONE =
        new Snapshot(LatencyCounts.Summary.EMPTY, LatencyCounts.Summary.EMPTY, 0, 0);

    long failed() {
      return otherStatus + unanswered;
    }

    long total() {
      return accepted.count() + refused.count() + failed();
    }
  }
}
