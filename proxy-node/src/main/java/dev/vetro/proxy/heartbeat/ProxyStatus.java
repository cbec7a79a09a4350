package dev.vetro.proxy.heartbeat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What a heartbeat reports about this node ("verify connection" in the dashboard). The control
 * plane reads {@code database_id, node_id, version, upstream_reachable, policy_version} and ignores
 * the rest, which is there for operators reading the proxy's log.
 *
 * @param openSessions client connections open now, or -1 when the node did not wire a counter
 */
public record ProxyStatus(
    Instant at,
    String version,
    String nodeId,
    String databaseId,
    String upstreamAddress,
    boolean upstreamReachable,
    String upstreamReachability,
    String upstreamTlsMode,
    String clientTlsMode,
    int openSessions,
    long droppedEvents,
    long policyVersion,
    String policyOrigin) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("database_id", databaseId);
    o.put("node_id", nodeId);
    o.put("version", version);
    o.put("upstream_reachable", upstreamReachable);
    o.put("policy_version", policyVersion);
    o.put("at", at.toString());
    o.put("upstream", upstreamAddress);
    o.put("upstream_reachability", upstreamReachability);
    o.put("upstream_tls_mode", upstreamTlsMode);
    o.put("client_tls_mode", clientTlsMode);
    if (openSessions >= 0) {
      o.put("open_sessions", openSessions);
    } else {
      o.putNull("open_sessions");
    }
    o.put("dropped_events", droppedEvents);
    o.put("policy_origin", policyOrigin);
    return o;
  }
}
