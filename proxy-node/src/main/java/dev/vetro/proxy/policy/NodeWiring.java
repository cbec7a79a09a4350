package dev.vetro.proxy.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a node gets its policy: the settings its one actor system needs, and the wiring built
 * inside that system once it runs. The policy cache is a sharded entity, so a node that polls a
 * policy file or the control plane needs the cluster provider in the same system as its sessions;
 * ProxyServer layers {@link #actorSystemConfig()} over the node's own settings before creating
 * it, instead of a second, clustered system beside it.
 *
 * @param actorSystemConfig put in front of the node's config; empty when nothing is clustered
 * @param build runs once, inside the node's system (may throw ConfigException)
 */
public record NodeWiring(Config actorSystemConfig, Function<ActorSystem<?>, PolicyWiring> build) {
  public NodeWiring {
    Objects.requireNonNull(actorSystemConfig, "actorSystemConfig");
    Objects.requireNonNull(build, "build");
  }

  /**
   * {@code bin/vetro proxy}: {@link PolicyWiring#fromEnv}. Clustered ({@link PolicyCluster#config})
   * when a policy file or control plane is configured; the default catalog needs no cache entity,
   * so such a node opens no cluster port.
   *
   * @throws dev.vetro.proxy.config.ConfigException for a bad variable, before any system starts
   */
  public static NodeWiring fromEnv(Map<String, String> env) {
    WiringSettings settings = WiringSettings.fromEnv(env);
    boolean cache = settings.policyFile().isPresent() || settings.controlPlane().isPresent();
    return new NodeWiring(cache ? PolicyCluster.config(env) : ConfigFactory.empty(),
        system -> PolicyWiring.fromEnv(env, system));
  }

  /** A wiring built beforehand (tests, embedding): nothing clustered. */
  public static NodeWiring of(PolicyWiring wiring) {
    Objects.requireNonNull(wiring, "wiring");
    return new NodeWiring(ConfigFactory.empty(), system -> wiring);
  }
}
