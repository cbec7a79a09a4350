package dev.vetro.proxy.cancel;

/**
 * Where the session named by a {@link CancelKey} lives. Today always this node; once proxies form a
 * cluster, a CancelRequest may arrive at any node and the node id says where to send it.
 */
public record CancelTarget(String nodeId, long sessionId) {}
