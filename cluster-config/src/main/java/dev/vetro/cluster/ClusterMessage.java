package dev.vetro.cluster;

/**
 * Marker for messages that cross nodes: bound to Jackson CBOR in {@code vetro-cluster.conf}, so no
 * message between nodes is ever Java-serialized. Records implementing it need only their
 * components.
 */
public interface ClusterMessage {}
