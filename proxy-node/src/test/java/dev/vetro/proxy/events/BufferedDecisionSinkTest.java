package dev.vetro.proxy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.proxy.config.ControlPlane;
import dev.vetro.proxy.policycache.TestControlPlane;
import dev.vetro.proxy.policycache.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink against a real HTTP ingest endpoint: batching, idempotent retry, drops. */
class BufferedDecisionSinkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final BufferedDecisionSink.Timing FAST =
      new BufferedDecisionSink.Timing(
          Duration.ofMillis(100),
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(2));

  private TestControlPlane api;
  private ApiEventTransport transport;

  @BeforeEach
  void start() throws Exception {
    api = TestControlPlane.startOnFreePort();
    transport =
        new ApiEventTransport(
            new ControlPlane(URI.create(api.url() + "/api/v1"), TestControlPlane.KEY, "db-1"),
            HttpClient.newHttpClient());
  }

  @AfterEach
  void stop() {
    api.release();
    api.close();
  }

  @Test
  void eventsArriveInBatchesNoLargerThanConfiguredEachOnce() {
    try (BufferedDecisionSink sink = new BufferedDecisionSink(1000, 7, transport, FAST)) {
      for (int i = 0; i < 50; i++) {
        sink.offer(TestEvents.judged("SELECT * FROM t WHERE id = " + i, "s" + i));
      }
      TestNodes.eventually("50 events recorded", WAIT, () -> api.recordedEvents().size() == 50);
      assertTrue(
          api.batches.values().stream().allMatch(b -> b.size() <= 7), "batches of at most 7");
      assertTrue(api.batches.size() >= 8, "50 events in batches of 7 need at least 8 requests");
      Set<String> ids = new HashSet<>();
      api.recordedEvents().forEach(e -> ids.add(e.path("event_id").asText()));
      assertEquals(50, ids.size(), "every event has its own id");
      TestNodes.eventually("the last answer counted", WAIT, () -> sink.delivered() == 50);
      assertEquals(0, sink.dropped());
    }
  }

  @Test
  void lostAnswerIsRetriedWithTheSameBatchIdAndRecordedOnce() {
    api.loseIngestAnswers.set(2);
    List<DecisionEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(TestEvents.judged("DELETE FROM t WHERE id = " + i, "s"));
    }
    try (BufferedDecisionSink sink = new BufferedDecisionSink(100, 100, transport, FAST)) {
      events.forEach(sink::offer);
      TestNodes.eventually("all delivered", WAIT, () -> sink.delivered() == 5);
      List<String> attempts = api.batchIdsSeen;
      String firstBatch = attempts.get(0);
      assertEquals(
          List.of(firstBatch, firstBatch, firstBatch),
          attempts.subList(0, 3),
          "two lost answers, then success, all with the same batch id: " + attempts);
      assertEquals(
          new HashSet<>(attempts).size(), api.batches.size(), "each batch id recorded once");
      assertEquals(5, api.recordedEvents().size(), "recorded once despite the retries");
    }
  }

  @Test
  void refusedBatchIsDroppedAndCountedNotRetriedForever() {
    api.ingestStatus = 422;
    try (BufferedDecisionSink sink = new BufferedDecisionSink(100, 100, transport, FAST)) {
      sink.offer(TestEvents.judged("SELECT 1", "s"));
      sink.offer(TestEvents.judged("SELECT 2", "s"));
      TestNodes.eventually("both counted as dropped", WAIT, () -> sink.dropped() == 2);
      assertEquals(0, sink.delivered());
      int attempts = api.batchIdsSeen.size();
      assertTrue(attempts >= 1 && attempts <= 2, "not retried: " + attempts);
    }
  }

  @Test
  @Timeout(60) // a blocking offer would hang here; the timeout turns that into a failure
  void stuckControlPlaneNeverBlocksOfferAndDropsAreCounted() {
    api.hang();
    int capacity = 20;
    int batch = 5;
    try (BufferedDecisionSink sink = new BufferedDecisionSink(capacity, batch, transport, FAST)) {
      DecisionEvent first = TestEvents.judged("SELECT 1", "s");
      sink.offer(first);
      TestNodes.eventually("the sender is stuck in a request", WAIT, () -> sink.inFlight() == 1);
      int offered = 1;
      for (int i = 0; i < 1000; i++) {
        sink.offer(TestEvents.judged("SELECT " + i, "s"));
        offered++;
      }
      assertEquals(capacity, sink.pending(), "the buffer is full, not larger");
      assertEquals(
          offered - capacity - 1,
          sink.dropped(),
          "everything beyond buffer + in-flight is counted");
      api.release();
      TestNodes.eventually(
          "the buffer drains once the control plane answers",
          WAIT,
          () -> sink.pending() == 0 && sink.inFlight() == 0);
      TestNodes.eventually(
          "all kept events delivered", WAIT, () -> sink.delivered() == capacity + 1);
    }
  }

  @Test
  void outageIsRetriedUntilTheControlPlaneIsBack() throws Exception {
    api.stop();
    try (BufferedDecisionSink sink = new BufferedDecisionSink(100, 10, transport, FAST)) {
      sink.offer(TestEvents.judged("UPDATE t SET a = 1 WHERE id = 2", "s"));
      Thread.sleep(500);
      assertEquals(0, sink.delivered());
      api.start();
      TestNodes.eventually("delivered after the outage", WAIT, () -> sink.delivered() == 1);
      JsonNode e = api.recordedEvents().get(0);
      assertEquals("UPDATE t SET a = ? WHERE id = ?", e.path("statement").asText());
    }
  }
}
