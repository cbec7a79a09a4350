package dev.vetro.proxy.session;

/**
 * What enforcement did in one session so far, as the session actor reports it. The counting happens
 * beside the stream (per message, no actor round trip); the actor only reads it when asked.
 */
public record JudgedCounts(long allowed, long flagged, long blocked, int blockedStatementNames) {

  /** Implemented by the session's enforcement state; read from the actor's thread. */
  public interface Source {
    JudgedCounts judgedCounts();
  }
}
