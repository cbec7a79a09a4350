package dev.vetro.proxy.policycache;

/**
 * Marker for messages that cross cluster nodes; bound to Jackson CBOR in {@code
 * vetro-proxy-cluster.conf}, so adding a field is a compatible change (no Java serialization).
 */
public interface CborSerializable {}
