package dev.vetro.api;

/**
 * Marker for every command, reply, event and state that may cross a node or reach the journal;
 * bound to Jackson CBOR in vetro-api.conf so the journal never holds Java-serialized bytes.
 */
public interface CborSerializable {}
