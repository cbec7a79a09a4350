package dev.vetro.proxy.admin;

import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.enforce.Enforcement;
import dev.vetro.proxy.events.BufferedDecisionSink;
import dev.vetro.proxy.events.DecisionSink;
import dev.vetro.proxy.heartbeat.UpstreamProbe;
import dev.vetro.proxy.listener.Listener;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.policycache.NodePolicySource;
import dev.vetro.proxy.policycache.PolicyCluster;
import dev.vetro.proxy.policycache.PolicySource;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Puts a node's admin endpoint together: readiness from the listener, upstream and policy, and the
 * scrape-time gauges over what the node already keeps (open sessions, policy, decision buffer,
 * cluster members). One per node; {@link #close} when the node stops.
 */
public final class NodeAdmin implements AutoCloseable {
  private final NodeReadiness readiness;
  private final AdminServer server; // null when PROXY_ADMIN_PORT=-1

  private NodeAdmin(NodeReadiness readiness, AdminServer server) {
    this.readiness = readiness;
    this.server = server;
  }

  public static NodeAdmin start(
      ActorSystem<?> system,
      ProxyConfig config,
      Listener listener,
      PolicyWiring policy,
      Enforcement enforcement,
      ProxyMetrics metrics)
      throws IOException {
    boolean clustered = PolicyCluster.isClustered(system);
    NodeReadiness readiness =
        new NodeReadiness(
            new UpstreamProbe(config.upstreamHost(), config.upstreamPort(), Duration.ofSeconds(2)),
            () -> policyProblem(policy),
            clustered ? system : null);
    metrics.counterFrom(
        "vetro_proxy_sessions_total", "Client connections accepted", listener::acceptedConnections);
    metrics.gauge(
        "vetro_proxy_sessions_open", "Client connections open now", listener::openConnections);
    metrics.gauge(
        "vetro_proxy_ready",
        "1 while /readyz answers 200",
        () -> readiness.readiness().ready() ? 1 : 0);
    if (clustered) {
      metrics.gauge(
          "vetro_proxy_cluster_members_up",
          "Members of the proxy fleet with status Up, as this node sees them",
          readiness::clusterMembersUp);
      metrics.gauge(
          "vetro_proxy_cluster_members",
          "Members of the proxy fleet in any status (a node that left gracefully is no longer"
              + " one; a crashed one is until it is downed), as this node sees them",
          readiness::clusterMembers);
      metrics.gauge(
          "vetro_proxy_cluster_members_unreachable",
          "Members of the proxy fleet this node cannot reach now",
          readiness::clusterMembersUnreachable);
    }
    if (policy != null) {
      PolicySource source = policy.policySource();
      metrics.gauge(
          "vetro_proxy_policy_version",
          "Version of the policy in force on this node",
          () -> source.current().version());
      if (source instanceof NodePolicySource node) {
        metrics.gauge(
            "vetro_proxy_policy_age_seconds",
            "Seconds since this node's policy was last replaced by a fetched revision",
            node::secondsSinceReplaced);
      }
      DecisionSink sink = policy.decisionSink();
      metrics.counterFrom(
          "vetro_proxy_decision_events_dropped_total",
          "Decision events lost: buffer full, or neither sent nor spooled at shutdown",
          sink::dropped);
      if (sink instanceof BufferedDecisionSink buffered) {
        metrics.gauge(
            "vetro_proxy_decision_events_buffered",
            "Decision events waiting to be sent",
            buffered::pending);
        metrics.counterFrom(
            "vetro_proxy_decision_events_sent_total",
            "Decision events delivered to the control plane or the decision log",
            buffered::delivered);
      }
    }
    if (enforcement != null) {
      enforcement.reportTo(metrics);
    }
    AdminServer server = null;
    if (config.admin().enabled()) {
      try {
        server =
            AdminServer.start(config.admin().host(), config.admin().port(), readiness, metrics);
      } catch (IOException e) {
        throw new IOException(
            "admin endpoint (PROXY_ADMIN_HOST/PROXY_ADMIN_PORT) "
                + config.admin().host()
                + ":"
                + config.admin().port()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return new NodeAdmin(readiness, server);
  }

  private static Optional<String> policyProblem(PolicyWiring policy) {
    if (policy == null) {
      return Optional.empty(); // a transparent node judges nothing: nothing to be missing
    }
    return policy.policyProblem();
  }

  public NodeReadiness readiness() {
    return readiness;
  }

  /** The bound admin port, or -1 when the endpoint is off. */
  public int boundPort() {
    return server == null ? -1 : server.boundPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
