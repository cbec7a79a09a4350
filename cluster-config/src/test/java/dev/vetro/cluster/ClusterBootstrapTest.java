package dev.vetro.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.vetro.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes started together with no seeds form one cluster through Cluster Bootstrap, their
 * contact points found by discovery (the config method: the same code path as Kubernetes and DNS,
 * with the lookup answered from a list), and a fourth started later joins the existing cluster.
 */
class ClusterBootstrapTest {
  private final List<ActorSystem<Void>> systems = new ArrayList<>();

  @AfterEach
  void stop() {
    systems.forEach(ActorSystem::terminate);
    for (ActorSystem<Void> s : systems) {
      s.getWhenTerminated()
          .toCompletableFuture()
          .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
          .join();
    }
  }

  @Test
  void nodesStartedTogetherFormOneClusterAndALateNodeJoinsIt() throws Exception {
    int[] management = {FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick()};
    String endpoints =
        "127.0.0.1:"
            + management[0]
            + ",127.0.0.1:"
            + management[1]
            + ",127.0.0.1:"
            + management[2];
    for (int i = 0; i < 3; i++) {
      systems.add(start(endpoints, management[i]));
    }
    awaitUpMembers(3, Duration.ofSeconds(90));

    systems.add(start(endpoints + ",127.0.0.1:" + management[3], management[3]));
    awaitUpMembers(4, Duration.ofSeconds(90));
  }

  private ActorSystem<Void> start(String endpoints, int managementPort) {
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_CLUSTER_DISCOVERY", "config");
    env.put("VETRO_CLUSTER_CONFIG_ENDPOINTS", endpoints);
    env.put("VETRO_CLUSTER_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("VETRO_CLUSTER_REQUIRED_CONTACTS", "3");
    ClusterSettings settings = ClusterSettings.fromEnv(env, NodeKind.PROXY);
    // Bootstrap forms a new cluster only with a fixed Artery port on every node (the join decider
    // compares addresses); a free port picked here stands in for a fixed one.
    settings = settings.withAddress("127.0.0.1", FreePorts.pick());
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            NodeKind.PROXY.systemName(),
            ClusterConfig.of(settings)
                .withFallback(
                    ConfigFactory.parseString(
                        "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 1s\n"
                            + "pekko.loglevel = WARNING"))
                .withFallback(ConfigFactory.load())
                .resolve());
    ClusterJoin.start(system, settings);
    return system;
  }

  private void awaitUpMembers(int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean all = true;
      for (ActorSystem<Void> s : systems) {
        long up = 0;
        for (var m : Cluster.get(s).state().getMembers()) {
          if (m.status() == MemberStatus.up()) {
            up++;
          }
        }
        all &= up == expected;
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        List<String> seen = new ArrayList<>();
        for (ActorSystem<Void> s : systems) {
          seen.add(
              Cluster.get(s).selfMember().address()
                  + " sees "
                  + Cluster.get(s).state().getMembers());
        }
        assertEquals(expected + " Up members on every node", String.join("\n", seen));
      }
      Thread.sleep(200);
    }
  }
}
