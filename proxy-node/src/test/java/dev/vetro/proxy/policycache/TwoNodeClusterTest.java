package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.wiring.PolicyWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two proxy nodes in one JVM forming a cluster: one policy cache entity for the database lives on
 * one of them, and what it fetches reaches both nodes' snapshots.
 */
class TwoNodeClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(45);

  private TestControlPlane api;
  private ActorSystem<Void> first;
  private ActorSystem<Void> second;
  @TempDir Path dir;

  @AfterEach
  void stop() {
    TestNodes.terminate(second);
    TestNodes.terminate(first);
    if (api != null) {
      api.close();
    }
  }

  @Test
  void policyChangeFetchedByTheEntityReachesBothNodes() throws Exception {
    api = TestControlPlane.startOnFreePort();
    first = TestNodes.clustered(Map.of());
    try (PolicyWiring a = TestNodes.wiring(env(dir.resolve("n1")), first)) { // joins itself
      TestNodes.awaitUp(first, WAIT);
      int firstPort = first.address().getPort().get();
      second = TestNodes.clustered(Map.of());
      Map<String, String> secondEnv = env(dir.resolve("n2"));
      secondEnv.put("VETRO_CLUSTER_SEEDS", "127.0.0.1:" + firstPort);
      try (PolicyWiring b = TestNodes.wiring(secondEnv, second)) {
        TestNodes.awaitUp(second, WAIT);
        bothNodesFollowTheEntity(a, b);
      }
    }
  }

  private void bothNodesFollowTheEntity(PolicyWiring a, PolicyWiring b) throws Exception {
    {
      TestNodes.eventually(
          "both members see each other",
          WAIT,
          () -> Cluster.get(first).state().getMembers().spliterator().getExactSizeIfKnown() == 2);
      TestNodes.eventually(
          "both nodes on version 1",
          WAIT,
          () ->
              a.policySource().current().version() == 1
                  && b.policySource().current().version() == 1);

      long v = api.publish("observe", "{}");
      TestNodes.eventually(
          "both nodes on version " + v,
          WAIT,
          () ->
              a.policySource().current().version() == v
                  && b.policySource().current().version() == v);
      assertEquals(a.policySource().current().origin(), b.policySource().current().origin());
      // both nodes persist what they got, so either can restart during an outage
      TestNodes.eventually(
          "both nodes persisted it",
          WAIT,
          () ->
              Files.exists(new PolicyStore(dir.resolve("n1")).fileFor("db-shared"))
                  && Files.exists(new PolicyStore(dir.resolve("n2")).fileFor("db-shared")));
    }
  }

  private Map<String, String> env(Path dataDir) {
    Map<String, String> env = new HashMap<>(api.env("db-shared", dataDir));
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");
    env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "0");
    return env;
  }
}
