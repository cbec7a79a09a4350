package dev.vetro.loadtest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles over whole milliseconds, and what happens past the last bucket. */
class LatencyCountsTest {

  @Test
  void percentilesAreNearestRank() {
    LatencyCounts c = new LatencyCounts(1000);
    for (int ms = 1; ms <= 100; ms++) {
      c.record(ms);
    }
    assertEquals(new LatencyCounts.Summary(100, 50, 99, 100), c.summary());
  }

  @Test
  void aSlowTailShowsInP99AndMaxButNotP50() {
    LatencyCounts c = new LatencyCounts(1000);
    for (int i = 0; i < 980; i++) {
      c.record(3);
    }
    for (int i = 0; i < 20; i++) {
      c.record(400);
    }
    assertEquals(new LatencyCounts.Summary(1000, 3, 400, 400), c.summary());
  }

  @Test
  void timesPastTheLastBucketKeepTheirExactMaximum() {
    LatencyCounts c = new LatencyCounts(100);
    c.record(5);
    c.record(10_000);
    LatencyCounts.Summary s = c.summary();
    assertEquals(2, s.count());
    assertEquals(5, s.p50());
    assertEquals(10_000, s.p99(), "the overflow bucket reports the maximum, not 100");
    assertEquals(10_000, s.max());
  }

  @Test
  void nothingRecordedIsAllZero() {
    assertEquals(LatencyCounts.Summary.EMPTY, new LatencyCounts(10).summary());
  }
}
