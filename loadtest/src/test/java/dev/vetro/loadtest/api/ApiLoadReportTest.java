package dev.vetro.loadtest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary's table keeps accepted and refused answers apart and judges each step by the issue's
 * targets: every request accepted within p99 ≤ 20 ms below the knee; past it, refusals within 50 ms
 * p99 while the accepted ones keep 20 ms, and nothing left to time out.
 */
class ApiLoadReportTest {
  private static final GatlingStats STATS = new GatlingStats(60_000, 0, 4000, 2, 5, 9, 40);

  @Test
  void rowShowsAcceptedAndRefusedFiguresApart() {
    ApiLoadReport.Phase p =
        phase(
            12_000,
            outcomes(
                new LatencyCounts.Summary(90_000, 4, 18, 61),
                new LatencyCounts.Summary(90_000, 1, 7, 33),
                2,
                3));
    assertEquals(
        "| step | 12000 | 15 | 4000 | 90000 | 4 | 18 | 61 | 90000 | 1 | 7 | 33 | 2 / 3 | 50 | 25"
            + " | 1.5 | no |"
            + System.lineSeparator(),
        ApiLoadReport.row(p));
  }

  @Test
  void stepWithoutRefusalsShowsDashesForTheirLatency() {
    String row =
        ApiLoadReport.row(
            phase(4000, outcomes(new LatencyCounts.Summary(60_000, 2, 9, 40), NONE, 0, 0)));
    assertTrue(row.contains("| 60000 | 2 | 9 | 40 | 0 | – | – | – | 0 / 0 |"), row);
    assertTrue(row.endsWith("| met |" + System.lineSeparator()), row);
  }

  @Test
  void verdicts() {
    LatencyCounts.Summary fastAccepted = new LatencyCounts.Summary(50_000, 3, 20, 80);
    LatencyCounts.Summary fastRefused = new LatencyCounts.Summary(100_000, 1, 50, 90);
    assertEquals(
        "shed in time", phase(10_000, outcomes(fastAccepted, fastRefused, 0, 0)).verdict());
    assertEquals(
        "no",
        phase(10_000, outcomes(fastAccepted, new LatencyCounts.Summary(100_000, 1, 51, 90), 0, 0))
            .verdict(),
        "refusals over 50 ms p99");
    assertEquals(
        "no",
        phase(10_000, outcomes(new LatencyCounts.Summary(50_000, 3, 21, 80), fastRefused, 0, 0))
            .verdict(),
        "accepted over 20 ms p99");
    assertEquals(
        "no", phase(10_000, outcomes(fastAccepted, fastRefused, 0, 1)).verdict(), "a time-out");
    assertEquals(
        "no",
        phase(4000, outcomes(new LatencyCounts.Summary(59_999, 2, 9, 40), NONE, 0, 0)).verdict(),
        "an arrival missing below the knee");
  }

  @Test
  void kneeAndOverloadLinesReadTheSteps() {
    List<ApiLoadReport.Phase> phases =
        List.of(
            phase(4000, outcomes(new LatencyCounts.Summary(60_000, 2, 9, 40), NONE, 0, 0)),
            phase(
                8000,
                outcomes(
                    new LatencyCounts.Summary(80_000, 3, 15, 70),
                    new LatencyCounts.Summary(40_000, 1, 12, 30),
                    0,
                    0)));
    assertEquals(
        "Knee: between 4000 and 8000 req/s (the last step that answered every request 200 within"
            + " p99 ≤ 20 ms, and the first that did not).",
        ApiLoadReport.knee(phases));
    assertEquals(
        "Overload, at the highest step (8000 req/s offered): 80000 accepted, p99 15 ms (target"
            + " ≤ 20); 40000 refused with 503, p99 12 ms (target ≤ 50); 0 failed or unanswered:"
            + " target met.",
        ApiLoadReport.overload(phases));
  }

  @Test
  void markdownNamesTheShedSettingsAndHasOneRowPerPhase() {
    ApiLoadOptions o =
        ApiLoadOptions.parse(
            new String[] {"--steps", "4000", "--api-env", "VETRO_API_SHED_LAG_MS=10"});
    assertEquals(Map.of("VETRO_API_SHED_LAG_MS", "10"), o.apiEnv());
    String md =
        ApiLoadReport.markdown(
            o,
            List.of(phase(4000, outcomes(new LatencyCounts.Summary(60_000, 2, 9, 40), NONE, 0, 0))),
            new ApiLoadReport.History(60_000, 60_000, 0, 100, 100),
            Instant.now());
    assertTrue(md.contains("environment `VETRO_API_SHED_LAG_MS=10`"), md);
    assertTrue(md.contains("| refused (503) | ref. p50 ms | ref. p99 ms | ref. max ms |"), md);
    assertEquals(1, md.lines().filter(l -> l.startsWith("| step |")).count(), md);
    assertTrue(md.contains("Knee: above 4000 req/s"), md);
  }

  private static final LatencyCounts.Summary NONE = LatencyCounts.Summary.EMPTY;

  private static Outcomes.Snapshot outcomes(
      LatencyCounts.Summary accepted, LatencyCounts.Summary refused, long other, long none) {
    return new Outcomes.Snapshot(accepted, refused, other, none);
  }

  private static ApiLoadReport.Phase phase(int rate, Outcomes.Snapshot o) {
    // CPU: 3 s of api-node and 1.5 s of Gatling over the 60,000 requests Gatling counted
    return new ApiLoadReport.Phase(
        "step", rate, 15, STATS, o, 3_000_000_000L, 1_500_000_000L, "1.5");
  }
}
