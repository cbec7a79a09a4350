package dev.vetro.proxy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.proxy.policycache.TestNodes;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a control plane decisions go to a JSON-lines file, and no literal ever reaches it. */
class JsonLinesAndRedactionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BufferedDecisionSink.Timing FAST =
      new BufferedDecisionSink.Timing(
          Duration.ofMillis(50),
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(5));

  @TempDir Path dir;

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void decisionLogHoldsOneRedactedEventPerLine() throws Exception {
    Path log = dir.resolve("sub/decisions.jsonl");
    try (BufferedDecisionSink sink =
        new BufferedDecisionSink(100, 10, new JsonLinesTransport(log, 1 << 20), FAST)) {
      sink.offer(TestEvents.judged("DELETE FROM users", "s1"));
      sink.offer(
          TestEvents.judged(
              "SELECT * FROM users WHERE email = 'alice@example.com' AND pin = 4242", "s2"));
    }
    List<JsonNode> events = lines(log);
    assertEquals(2, events.size());
    JsonNode blocked = events.get(0);
    assertEquals("BLOCKED", blocked.path("decision").asText());
    assertEquals("VETRO-001", blocked.path("rule_code").asText());
    assertEquals("s1", blocked.path("session_id").asText());
    assertEquals("simple", blocked.path("protocol").asText());
    String text = Files.readString(log);
    assertFalse(text.contains("alice@example.com") || text.contains("4242"), text);
    assertEquals(
        "SELECT * FROM users WHERE email = '?' AND pin = ?",
        events.get(1).path("statement").asText());
  }

  @Test
  void literalsPassedUnredactedByMistakeAreStillRedactedBeforeWriting() throws Exception {
    Path log = dir.resolve("d.jsonl");
    DecisionEvent good = TestEvents.judged("SELECT 1", "s");
    // a caller bug: raw SQL in the redacted field, including a dollar quote and a comment
    DecisionEvent raw =
        new DecisionEvent(
            good.at(),
            "db-1",
            "s",
            "app",
            "appdb",
            "psql",
            "c",
            "extended",
            "ALTER ROLE app PASSWORD 'hunter2'; SELECT $x$secret$x$ /* token abc123 */",
            good.fingerprint(),
            good.decision(),
            0);
    try (BufferedDecisionSink sink =
        new BufferedDecisionSink(10, 10, new JsonLinesTransport(log, 1 << 20), FAST)) {
      sink.offer(raw);
    }
    String text = Files.readString(log);
    for (String secret : List.of("hunter2", "secret", "abc123")) {
      assertFalse(text.contains(secret), secret + " leaked: " + text);
    }
    assertEquals(
        "ALTER ROLE app PASSWORD '?'; SELECT '?'", lines(log).get(0).path("statement").asText());
  }

  @Test
  void hugeStatementsAreCutSoTheBufferIsBoundedInBytesToo() throws Exception {
    Path log = dir.resolve("big.jsonl");
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < 20_000; i++) {
      sql.append("col").append(i).append(", ");
    }
    sql.append("1");
    try (BufferedDecisionSink sink =
        new BufferedDecisionSink(10, 10, new JsonLinesTransport(log, 1 << 20), FAST)) {
      sink.offer(TestEvents.judged(sql.toString(), "s"));
    }
    String statement = lines(log).get(0).path("statement").asText();
    assertTrue(
        statement.length() < BufferedDecisionSink.MAX_STATEMENT_CHARS + 100,
        "cut: " + statement.length());
    assertTrue(
        statement.startsWith("SELECT col0, col1") && statement.contains("[truncated "),
        statement.substring(0, 40));
  }

  @Test
  void redactionFollowsStandardConformingStrings() {
    // with standard_conforming_strings off, \' does not end the string: all of it is one literal
    String sql = "SELECT 'a\\'; DROP TABLE t; --'";
    assertEquals("SELECT '?'", DecisionEvent.redact(sql, false));
    assertTrue(
        DecisionEvent.redact(sql, true).contains("DROP TABLE"), "on: the string ends at \\'");
  }

  @Test
  void fullLogIsRotatedSoDiskUseIsBounded() throws Exception {
    Path log = dir.resolve("r.jsonl");
    try (BufferedDecisionSink sink =
        new BufferedDecisionSink(1000, 1, new JsonLinesTransport(log, 2_000), FAST)) {
      for (int i = 0; i < 30; i++) {
        sink.offer(TestEvents.judged("SELECT " + i, "s"));
      }
    }
    assertTrue(Files.exists(dir.resolve("r.jsonl.1")), "rotated once the file passed the limit");
    assertTrue(
        Files.size(dir.resolve("r.jsonl.1")) < 2_000 + 2_000, "one rotation step is bounded");
  }

  @Test
  void wiringWithoutApiWritesTheDecisionLogFromTheEnvironment() throws Exception {
    Path log = dir.resolve("env.jsonl");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "plain-node");
    try {
      try (PolicyWiring wiring =
          TestNodes.wiring(
              Map.of(
                  "VETRO_DECISION_LOG",
                  log.toString(),
                  "VETRO_DATA_DIR",
                  dir.toString(),
                  "VETRO_HEARTBEAT_SECONDS",
                  "3600"),
              system)) {
        assertTrue(
            wiring.startupSummary().contains(log.toAbsolutePath().toString()),
            wiring.startupSummary());
        wiring.decisionSink().offer(TestEvents.judged("DROP TABLE accounts", "s9"));
      }
      List<JsonNode> events = lines(log);
      assertEquals(1, events.size());
      assertEquals(Verdict.BLOCKED.name(), events.get(0).path("decision").asText());
    } finally {
      TestNodes.terminate(system);
    }
  }
}
