package dev.vetro.proxy.net;

import org.apache.pekko.stream.Attributes;

/**
 * Resets an accepted client connection (RST) and ends its stage, for a relay that must end a
 * session now although its client does not read: closing in order would wait for the bytes queued
 * for it (in the socket, or in a TLS stage in front of it) forever. Found in the connection
 * stream's attributes ({@link NioConnection#takeable}), like the {@link SocketHandover} it acts
 * through, so that the stream relay can reset the socket without knowing that a socket can leave
 * the stream.
 */
public final class ClientReset implements Attributes.Attribute {
  private final SocketHandover handover;

  ClientReset(SocketHandover handover) {
    this.handover = handover;
  }

  /** False when there is nothing to reset here (the socket was taken over, or is already reset). */
  public boolean reset() {
    return handover.abort();
  }
}
