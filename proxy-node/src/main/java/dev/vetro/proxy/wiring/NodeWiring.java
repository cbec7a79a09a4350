package dev.vetro.proxy.wiring;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.policycache.PolicyCluster;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a node gets its policy: the settings its one actor system needs, and the wiring built inside
 * that system once it runs. The policy cache is a sharded entity, so a node that polls a policy
 * file or the control plane needs the cluster provider in the same system as its sessions;
 * ProxyServer layers {@link #actorSystemConfig()} over the node's own settings before creating it,
 * instead of a second, clustered system beside it.
 *
 * @param actorSystemConfig put in front of the node's config; empty when nothing is clustered
 * @param build runs once, inside the node's system, given the node's configuration (may throw
 *     ConfigException)
 */
public record NodeWiring(
    Config actorSystemConfig, BiFunction<ActorSystem<?>, ProxyConfig, PolicyWiring> build) {
  public NodeWiring {
    Objects.requireNonNull(actorSystemConfig, "actorSystemConfig");
    Objects.requireNonNull(build, "build");
  }

  /**
   * {@code bin/vetro proxy}: {@link PolicyWiring#start} with the node's policy settings. Clustered
   * ({@link PolicyCluster#config}) when a policy file or control plane is configured; the default
   * catalog needs no cache entity, so such a node opens no cluster port.
   */
  public static NodeWiring fromConfig(ProxyConfig config) {
    return new NodeWiring(
        config.policy().cached() ? PolicyCluster.config(config.cluster()) : ConfigFactory.empty(),
        (system, nodeConfig) -> PolicyWiring.start(nodeConfig, system));
  }

  /** A wiring built beforehand (tests, embedding): nothing clustered. */
  public static NodeWiring of(PolicyWiring wiring) {
    Objects.requireNonNull(wiring, "wiring");
    return new NodeWiring(ConfigFactory.empty(), (system, config) -> wiring);
  }
}
