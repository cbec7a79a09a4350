package dev.vetro.api.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** A viewer slower than the decisions misses rows, but every missed row is counted. */
class LiveDecisionsTest {

  @Test
  void aSlowViewerGetsTheNewestRowsAndACountOfTheRest() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "live-decisions-test");
    try {
      int total = 20_000;
      List<DecisionRow> rows =
          IntStream.range(0, total)
              .mapToObj(
                  i ->
                      new DecisionRow(
                          "e-" + i,
                          "ws",
                          "db",
                          i,
                          "ALLOWED",
                          null,
                          List.of(),
                          null,
                          null,
                          null,
                          null,
                          "proxy",
                          "SELECT 1",
                          null,
                          null))
              .toList();
      // the viewer takes a chunk every 50 ms while 20,000 rows arrive at once
      List<LiveDecisions.Chunk> chunks =
          LiveDecisions.chunked(Source.from(rows))
              .throttle(1, Duration.ofMillis(50))
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      List<String> received = new ArrayList<>();
      long dropped = 0;
      for (LiveDecisions.Chunk c : chunks) {
        assertTrue(c.rows().size() <= LiveDecisions.VIEWER_BUFFER, "chunk of " + c.rows().size());
        c.rows().forEach(r -> received.add(r.eventId()));
        dropped += c.dropped();
      }
      assertEquals(total, received.size() + dropped, "every row is received or counted");
      assertTrue(dropped > 0, "the viewer fell behind, so rows were dropped");
      assertEquals("e-" + (total - 1), received.get(received.size() - 1), "the newest is kept");
      List<String> sorted = new ArrayList<>(received);
      sorted.sort((a, b) -> Integer.compare(num(a), num(b)));
      assertEquals(sorted, received, "rows stay in order");
      // and the SSE form: the count first, then the rows
      var events = DecisionRoutes.events(new LiveDecisions.Chunk(List.of(rows.get(0)), 7));
      assertEquals("dropped", events.get(0).getEventType().orElse(""));
      assertEquals("7", events.get(0).getData());
      assertEquals("decision", events.get(1).getEventType().orElse(""));
    } finally {
      system.terminate();
    }
  }

  private static int num(String id) {
    return Integer.parseInt(id.substring(2));
  }
}
