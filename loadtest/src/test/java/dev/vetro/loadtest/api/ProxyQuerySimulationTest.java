package dev.vetro.loadtest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the HTTP load harness from rotting: a real api-node, an account made over the API, and the
 * Gatling simulation for a few seconds at a low rate. Asserts outcomes only (every request answered
 * 200 with a decision, the decisions in history), never timings: the figures come from {@code
 * loadtest/bin/api-load}.
 */
class ProxyQuerySimulationTest {

  @Test
  void simulationRunsWithoutFailuresAndItsDecisionsReachTheHistory(@TempDir Path dir)
      throws Exception {
    ApiServer.Handle node = ApiServer.start(ApiConfig.embedded(dir.resolve("data")));
    try {
      String baseUrl = "http://127.0.0.1:" + node.boundPort();
      ApiAccount account = ApiAccount.create(baseUrl);
      GatlingRun.Result run =
          GatlingRun.run(
              new ProxyQuerySimulation.Params(
                  baseUrl, account.apiKey(), account.databaseId(), 40, 5),
              dir.resolve("gatling"),
              "smoke");

      assertEquals(200, run.stats().requests(), run.toString());
      assertEquals(0, run.stats().failed(), run.toString());
      // every request counted once, as accepted: nothing refused at 40 req/s
      assertEquals(200, run.outcomes().accepted().count(), run.toString());
      assertEquals(0, run.outcomes().refused().count(), run.toString());
      assertEquals(0, run.outcomes().failed(), run.toString());
      JsonNode listed = awaitHistory(account, 200);
      assertTrue(listed.size() > 0, "no decision in the history listing");
      for (JsonNode d : listed) {
        assertEquals("api", d.path("source").asText(), d.toString());
        assertEquals(account.databaseId(), d.path("database_id").asText(), d.toString());
      }
      assertEquals(200, account.metric("vetro_api_decisions_total", null));
      assertTrue(
          account.metric("vetro_api_decisions_total", "decision=\"BLOCKED\"") > 0,
          "the mix should hold statements the default policy blocks");
    } finally {
      node.shutdown();
    }
  }

  /**
   * The recorder and the projection each batch for ~200 ms: wait until every decision is listed.
   */
  private static JsonNode awaitHistory(ApiAccount account, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonNode listed = account.latestDecisions(expected).path("decisions");
    while (listed.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(250);
      listed = account.latestDecisions(expected).path("decisions");
    }
    assertEquals(expected, listed.size(), "decisions listed in history");
    return listed;
  }
}
