package dev.vetro.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a node a member: joins the static seeds, or runs Cluster Bootstrap (Pekko Management serves
 * the contact-point routes, discovery finds the others), or joins itself when neither is
 * configured. Nodes may start in any order: seeds are retried until one answers, and Bootstrap
 * joins an existing cluster as soon as a contact point reports one.
 */
public final class ClusterJoin {
  private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);

  private ClusterJoin() {}

  /** The system must have been created with {@link ClusterConfig#of} for these settings. */
  public static void start(ActorSystem<?> system, ClusterSettings settings) {
    Cluster cluster = Cluster.get(system);
    if (settings.discovery().bootstraps()) {
      var classic = Adapter.toClassic(system);
      PekkoManagement.get(classic).start().toCompletableFuture().join();
      ClusterBootstrap.get(classic).start();
      log.info("{}", settings.describe());
      return;
    }
    List<org.apache.pekko.actor.Address> seeds =
        settings.seeds().isEmpty() ? List.of(cluster.selfMember().address()) : settings.seeds();
    cluster.manager().tell(new JoinSeedNodes(seeds));
  }

  /** Whether {@code system} was created with the cluster provider. */
  public static boolean isClustered(ActorSystem<?> system) {
    return "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
  }
}
