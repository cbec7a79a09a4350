package dev.vetro.proxy.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Proxy-like actor systems for tests: clustered exactly as a node is (PolicyCluster.config). */
public final class TestNodes {
  private TestNodes() {}

  public static ActorSystem<Void> clustered(Map<String, String> env) {
    // shutdown phases only: a test node leaves a cluster of test nodes, nobody waits for a hand-off
    Config fastShutdown =
        ConfigFactory.parseString(
            "pekko.coordinated-shutdown.phases {"
                + " cluster-sharding-shutdown-region.timeout = 3s, cluster-leave.timeout = 3s,"
                + " cluster-exiting.timeout = 3s }");
    Config config =
        fastShutdown
            .withFallback(PolicyCluster.config(env))
            .withFallback(
                ConfigFactory.parseResources(TestNodes.class.getClassLoader(), "vetro-proxy.conf"))
            .withFallback(ConfigFactory.load())
            .resolve(); // vetro-proxy.conf reads env overrides
    return ActorSystem.create(Behaviors.empty(), "vetro-proxy", config);
  }

  /** A node without the cluster provider, for what does not reach the policy cache entity. */
  public static ActorSystem<Void> plain() {
    return ActorSystem.create(
        Behaviors.empty(),
        "vetro-proxy-plain",
        ConfigFactory.parseResources(TestNodes.class.getClassLoader(), "vetro-proxy.conf")
            .withFallback(ConfigFactory.load())
            .resolve());
  }

  public static void awaitUp(ActorSystem<?> system, Duration timeout) {
    eventually(
        "cluster member " + system.address() + " Up",
        timeout,
        () -> Cluster.get(system).selfMember().status() == MemberStatus.up());
  }

  public static void terminate(ActorSystem<?> system) {
    if (system == null) {
      return;
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("actor system did not terminate: " + e, e);
    }
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} when it does not in time. */
  public static void eventually(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
