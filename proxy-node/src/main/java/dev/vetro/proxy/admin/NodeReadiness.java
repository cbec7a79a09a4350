package dev.vetro.proxy.admin;

import dev.vetro.proxy.heartbeat.UpstreamProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A proxy node's readiness: not draining, the upstream answers a TCP connect (probed at most every
 * 2 s, so a probe storm does not become a connection storm on the database), and a policy is in
 * force. Cluster trouble does not make a node unready — it keeps enforcing its last known good
 * policy — but it is reported as a note.
 */
public final class NodeReadiness implements NodeHealth {
  private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

  private final AtomicBoolean draining = new AtomicBoolean();
  private final UpstreamProbe upstream;
  private final Supplier<Optional<String>> policyProblem;
  private final ActorSystem<?> clusterSystem; // null when the node is not clustered
  private volatile UpstreamProbe.Result lastProbe;
  private volatile long lastProbeAt;

  /**
   * @param policyProblem why no policy is in force, empty when one is
   * @param clusterSystem the node's system when it is a cluster member, else null
   */
  public NodeReadiness(
      UpstreamProbe upstream,
      Supplier<Optional<String>> policyProblem,
      ActorSystem<?> clusterSystem) {
    this.upstream = upstream;
    this.policyProblem = policyProblem;
    this.clusterSystem = clusterSystem;
  }

  /** From now on the node is not ready (SIGTERM received); never turns back. */
  public void draining() {
    draining.set(true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  @Override
  public Readiness readiness() {
    List<String> failing = new ArrayList<>();
    if (draining.get()) {
      failing.add("draining: shutting down, not accepting new sessions");
    }
    UpstreamProbe.Result probe = probe();
    if (!probe.reachable()) {
      failing.add("upstream unreachable: " + probe.detail());
    }
    policyProblem.get().ifPresent(p -> failing.add("no policy in force: " + p));
    return Readiness.of(failing);
  }

  @Override
  public List<String> notes() {
    if (clusterSystem == null) {
      return List.of();
    }
    Cluster cluster = Cluster.get(clusterSystem);
    MemberStatus self = cluster.selfMember().status();
    if (self == MemberStatus.down() || self == MemberStatus.removed()) {
      return List.of(
          "cluster: this node was removed from the fleet (partition or crash detection);"
              + " enforcing the last known good policy; restart it to rejoin");
    }
    ClusterEvent.CurrentClusterState state = cluster.state();
    long up = 0;
    long members = 0;
    for (var m : state.getMembers()) {
      members++;
      if (m.status() == MemberStatus.up()) {
        up++;
      }
    }
    int unreachable = state.getUnreachable().size();
    if (unreachable == 0) {
      return List.of("cluster: " + up + " member(s) up");
    }
    return List.of(
        "cluster: "
            + unreachable
            + " member(s) unreachable of "
            + members
            + "; enforcing the last known good policy");
  }

  /** Members with status Up, as this node sees them (0 when not clustered). */
  public int clusterMembersUp() {
    if (clusterSystem == null) {
      return 0;
    }
    int up = 0;
    for (var m : Cluster.get(clusterSystem).state().getMembers()) {
      if (m.status() == MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }

  /**
   * Members this node still counts in the fleet, whatever their status (0 when not clustered): a
   * node that left is gone from it, one that crashed stays (unreachable) until it is downed.
   */
  public int clusterMembers() {
    if (clusterSystem == null) {
      return 0;
    }
    int members = 0;
    for (var ignored : Cluster.get(clusterSystem).state().getMembers()) {
      members++;
    }
    return members;
  }

  /** Members this node cannot reach now (0 when not clustered). */
  public int clusterMembersUnreachable() {
    return clusterSystem == null ? 0 : Cluster.get(clusterSystem).state().getUnreachable().size();
  }

  private UpstreamProbe.Result probe() {
    long now = System.nanoTime();
    UpstreamProbe.Result r = lastProbe;
    if (r == null || now - lastProbeAt > PROBE_EVERY.toNanos()) {
      r = upstream.probe();
      lastProbe = r;
      lastProbeAt = now;
    }
    return r;
  }
}
