package dev.vetro.proxy.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.proxy.config.ProxyConfig;
import java.util.HashMap;
import java.util.Map;
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
   * {@code bin/vetro proxy}: {@link PolicyWiring#fromEnv}. Clustered ({@link PolicyCluster#config})
   * when a policy file or control plane is configured; the default catalog needs no cache entity,
   * so such a node opens no cluster port.
   *
   * @throws dev.vetro.proxy.config.ConfigException for a bad variable, before any system starts
   */
  public static NodeWiring fromEnv(Map<String, String> env) {
    WiringSettings settings = WiringSettings.fromEnv(env);
    boolean cache = settings.policyFile().isPresent() || settings.controlPlane().isPresent();
    return new NodeWiring(
        cache ? PolicyCluster.config(env) : ConfigFactory.empty(),
        (system, config) -> PolicyWiring.fromEnv(withNodeFacts(env, config), system));
  }

  /**
   * The heartbeat reports what the node really uses (upstream address and TLS modes), so those come
   * from the node's configuration, not from variables an embedding caller may not have set.
   */
  static Map<String, String> withNodeFacts(Map<String, String> env, ProxyConfig config) {
    Map<String, String> facts = new HashMap<>(env);
    facts.put("UPSTREAM_PG_HOST", config.upstreamHost());
    facts.put("UPSTREAM_PG_PORT", Integer.toString(config.upstreamPort()));
    facts.put("UPSTREAM_PG_SSLMODE", config.upstreamSslMode().envValue());
    facts.put("PROXY_TLS_MODE", config.clientTlsMode().envValue());
    return facts;
  }

  /** A wiring built beforehand (tests, embedding): nothing clustered. */
  public static NodeWiring of(PolicyWiring wiring) {
    Objects.requireNonNull(wiring, "wiring");
    return new NodeWiring(ConfigFactory.empty(), (system, config) -> wiring);
  }
}
