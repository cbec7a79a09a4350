package dev.vetro.proxy.policycache;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.cluster.ClusterConfig;
import dev.vetro.cluster.ClusterConfigException;
import dev.vetro.cluster.ClusterJoin;
import dev.vetro.cluster.ClusterSettings;
import dev.vetro.cluster.NodeKind;
import dev.vetro.proxy.config.ConfigException;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * The proxy fleet as a Pekko cluster for the policy cache: the config an ActorSystem needs, joining
 * (seeds, Cluster Bootstrap, or itself: the default single-node cluster), and the sharded entity.
 */
public final class PolicyCluster {
  public static final String CONFIG_RESOURCE = "vetro-proxy-cluster.conf";

  private PolicyCluster() {}

  /**
   * The cluster settings for a proxy ActorSystem: cluster-config's shared {@code
   * vetro-cluster.conf} with this node's {@code VETRO_CLUSTER_*} settings applied, over the proxy's
   * own {@code vetro-proxy-cluster.conf} (its message binding, passivation). Put it before the
   * node's other config: {@code PolicyCluster.config(config.cluster()).withFallback(proxyConfig)}.
   */
  public static Config config(ClusterSettings cluster) {
    Config own =
        ConfigFactory.parseResources(PolicyCluster.class.getClassLoader(), CONFIG_RESOURCE);
    if (own.isEmpty()) {
      throw new IllegalStateException(CONFIG_RESOURCE + " is missing from the class path");
    }
    return ClusterConfig.of(cluster).withFallback(own);
  }

  /** Whether {@code system} was created with the cluster provider (see {@link #config}). */
  public static boolean isClustered(ActorSystem<?> system) {
    return ClusterJoin.isClustered(system);
  }

  /**
   * Joins the seeds of {@code VETRO_CLUSTER_SEEDS}, runs Cluster Bootstrap when {@code
   * VETRO_CLUSTER_DISCOVERY} names a method, or joins itself.
   */
  public static void join(ActorSystem<?> system, ClusterSettings settings) {
    ClusterJoin.start(system, settings);
  }

  static List<Address> seeds(String systemName, String spec) {
    try {
      return ClusterSettings.parseSeeds(NodeKind.PROXY, spec);
    } catch (ClusterConfigException e) {
      throw new ConfigException(e.getMessage());
    }
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
