package dev.vetro.proxy.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.proxy.policycache.TestControlPlane;
import dev.vetro.proxy.policycache.TestNodes;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ActorSystem<Void> node;
  private TestControlPlane api;
  @TempDir Path dir;

  @AfterEach
  void stop() {
    TestNodes.terminate(node);
    if (api != null) {
      api.close();
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void standaloneStatusReportsUpstreamSessionsDropsAndPolicy() throws Exception {
    node = TestNodes.clustered(Map.of());
    try (ServerSocket upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "VETRO_DATA_DIR",
                  dir.toString(),
                  "VETRO_HEARTBEAT_SECONDS",
                  "3600",
                  "UPSTREAM_PG_HOST",
                  "127.0.0.1",
                  "UPSTREAM_PG_PORT",
                  String.valueOf(upstream.getLocalPort()),
                  "UPSTREAM_PG_SSLMODE",
                  "require",
                  "VETRO_NODE_ID",
                  "node-a"));
      try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
        Heartbeat hb = wiring.heartbeat().orElseThrow();
        wiring.reportOpenSessions(() -> 3);
        ProxyStatus s = hb.beat();
        assertTrue(s.upstreamReachable(), s.upstreamReachability());
        assertEquals("require", s.upstreamTlsMode());
        assertEquals("disable", s.clientTlsMode());
        assertEquals(3, s.openSessions());
        assertEquals("node-a", s.nodeId());
        assertEquals("default catalog", s.policyOrigin());
        assertNotEquals("unknown", s.version(), "the build version is filtered into the jar");
        assertEquals("node-a", hb.latest().nodeId(), "the latest status is kept for readers");
      }
    }
  }

  @Test
  void unreachableUpstreamIsReportedWithTheReason() throws Exception {
    int port = closedPort();
    UpstreamProbe.Result r = new UpstreamProbe("127.0.0.1", port, Duration.ofSeconds(2)).probe();
    assertFalse(r.reachable());
    assertTrue(r.detail().contains("127.0.0.1:" + port), r.detail());
    assertFalse(new UpstreamProbe(null, 5432, Duration.ofSeconds(1)).probe().reachable());
  }

  @Test
  void heartbeatReachesTheControlPlaneAndAStalePolicyIsRefetchedAtOnce() throws Exception {
    api = TestControlPlane.startOnFreePort();
    node = TestNodes.clustered(Map.of());
    Map<String, String> env = api.env("db-hb", dir);
    // polling is slow on purpose: only the heartbeat's policy_stale can explain a quick refetch
    env.put("VETRO_POLICY_REFRESH_SECONDS", "3600");
    env.put("VETRO_HEARTBEAT_SECONDS", "1");
    env.put("VETRO_NODE_ID", "node-hb");
    env.put("UPSTREAM_PG_HOST", "127.0.0.1");
    env.put("UPSTREAM_PG_PORT", String.valueOf(closedPort()));
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      TestNodes.eventually("a heartbeat", WAIT, () -> !api.heartbeats.isEmpty());
      JsonNode beat = api.heartbeats.get(api.heartbeats.size() - 1);
      assertEquals("db-hb", beat.path("database_id").asText());
      assertEquals("node-hb", beat.path("node_id").asText());
      assertFalse(beat.path("upstream_reachable").asBoolean(true));
      assertTrue(
          beat.has("version") && beat.has("policy_version") && beat.has("dropped_events"),
          beat.toString());

      long v = api.publish("observe", "{}");
      TestNodes.eventually(
          "the new version via policy_stale",
          WAIT,
          () -> wiring.policySource().current().version() == v);
      TestNodes.eventually(
          "the heartbeat reports it",
          WAIT,
          () -> api.heartbeats.get(api.heartbeats.size() - 1).path("policy_version").asLong() == v);
    }
  }
}
