package dev.vetro.proxy.policycache;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.wiring.NodeWiring;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.time.Duration;
import java.util.HashMap;
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

  /**
   * The node config {@code env} describes; the upstream host defaults to 127.0.0.1 (required by the
   * proxy, irrelevant to most policy tests).
   */
  public static ProxyConfig config(Map<String, String> env) {
    Map<String, String> vars = new HashMap<>(env);
    vars.putIfAbsent("UPSTREAM_PG_HOST", "127.0.0.1");
    return ProxyConfig.fromEnv(vars);
  }

  /** {@link PolicyWiring#start} with the policy settings {@code env} describes. */
  public static PolicyWiring wiring(Map<String, String> env, ActorSystem<?> node) {
    return PolicyWiring.start(config(env), node);
  }

  /**
   * The transport settings of {@code proxy} with the policy and cluster settings of {@code env}.
   */
  public static ProxyConfig withPolicy(ProxyConfig.Builder proxy, Map<String, String> env) {
    ProxyConfig parsed = config(env);
    return proxy.policy(parsed.policy(), parsed.cluster()).build();
  }

  /** A node as {@code bin/vetro proxy} starts it, with the policy settings of {@code env}. */
  public static ProxyServer start(ProxyConfig.Builder proxy, Map<String, String> env) {
    ProxyConfig config = withPolicy(proxy, env);
    return ProxyServer.start(config, NodeWiring.fromConfig(config));
  }

  public static ActorSystem<Void> clustered(Map<String, String> env) {
    // shutdown phases only: a test node leaves a cluster of test nodes, nobody waits for a hand-off
    Config fastShutdown =
        ConfigFactory.parseString(
            "pekko.coordinated-shutdown.phases {"
                + " cluster-sharding-shutdown-region.timeout = 3s, cluster-leave.timeout = 3s,"
                + " cluster-exiting.timeout = 3s }");
    Config config =
        fastShutdown
            .withFallback(PolicyCluster.config(config(env).cluster()))
            .withFallback(
                ConfigFactory.parseResources(TestNodes.class.getClassLoader(), "vetro-proxy.conf"))
            .withFallback(ConfigFactory.load())
            .resolve();
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
