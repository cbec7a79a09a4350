package dev.vetro.proxy.policycache;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.vetro.proxy.config.ClusterSettings;
import dev.vetro.proxy.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * The proxy fleet as a Pekko cluster for the policy cache: the config an ActorSystem needs, joining
 * (itself when no seeds are given: the default single-node cluster), and the sharded entity.
 */
public final class PolicyCluster {
  public static final String CONFIG_RESOURCE = "vetro-proxy-cluster.conf";

  private PolicyCluster() {}

  /**
   * The cluster settings for a proxy ActorSystem: {@code vetro-proxy-cluster.conf} with the node's
   * {@code VETRO_CLUSTER_HOST} / {@code VETRO_CLUSTER_PORT} applied. Put it before the node's other
   * config: {@code PolicyCluster.config(cluster).withFallback(proxyConfig)}.
   */
  public static Config config(ClusterSettings cluster) {
    Config base =
        ConfigFactory.parseResources(PolicyCluster.class.getClassLoader(), CONFIG_RESOURCE);
    if (base.isEmpty()) {
      throw new IllegalStateException(CONFIG_RESOURCE + " is missing from the class path");
    }
    Config overrides = ConfigFactory.empty();
    if (cluster.host().isPresent()) {
      overrides =
          overrides.withValue(
              "pekko.remote.artery.canonical.hostname",
              ConfigValueFactory.fromAnyRef(cluster.host().get()));
    }
    if (cluster.port().isPresent()) {
      overrides =
          overrides.withValue(
              "pekko.remote.artery.canonical.port",
              ConfigValueFactory.fromAnyRef(cluster.port().getAsInt()));
    }
    return overrides.withFallback(base);
  }

  /** Whether {@code system} was created with the cluster provider (see {@link #config}). */
  public static boolean isClustered(ActorSystem<?> system) {
    return "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
  }

  /**
   * Joins the seeds of {@code VETRO_CLUSTER_SEEDS} ({@code host:port} or {@code pekko://…} URIs),
   * or itself when there are none.
   */
  public static void join(ActorSystem<?> system, ClusterSettings settings) {
    Cluster cluster = Cluster.get(system);
    List<Address> seeds = seeds(system.name(), String.join(",", settings.seeds()));
    cluster
        .manager()
        .tell(new JoinSeedNodes(seeds.isEmpty() ? List.of(cluster.selfMember().address()) : seeds));
  }

  static List<Address> seeds(String systemName, String spec) {
    List<Address> out = new ArrayList<>();
    for (String raw : spec.split(",")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      String uri = s.contains("://") ? s : "pekko://" + systemName + "@" + s;
      try {
        Address a = AddressFromURIString.parse(uri);
        if (a.host().isEmpty() || a.port().isEmpty()) {
          throw new IllegalArgumentException("no host:port");
        }
        out.add(a);
      } catch (Exception e) { // Scala throws the checked MalformedURLException undeclared
        throw new ConfigException(
            "VETRO_CLUSTER_SEEDS: '"
                + s
                + "' is not host:port or pekko://"
                + systemName
                + "@host:port ("
                + e.getMessage()
                + ")");
      }
    }
    return out;
  }

  /** Registers the policy cache entity type on this node; returns the entity for one database. */
  public static RecipientRef<PolicyCacheEntity.Command> shard(
      ActorSystem<?> system,
      String databaseId,
      Function<String, Behavior<PolicyCacheEntity.Command>> entityFor) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(PolicyCacheEntity.TYPE_KEY, ctx -> entityFor.apply(ctx.getEntityId())));
    return sharding.entityRefFor(PolicyCacheEntity.TYPE_KEY, databaseId);
  }
}
