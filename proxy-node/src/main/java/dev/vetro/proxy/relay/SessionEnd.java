package dev.vetro.proxy.relay;

import org.apache.pekko.util.ByteString;

/**
 * How a session ends, as {@link SessionPhase} decides it; the driver (stream stage or direct relay)
 * carries it out on its sockets or ports.
 */
public sealed interface SessionEnd {

  /** One side closed cleanly: the other side gets what was written to it, then closes too. */
  record Orderly() implements SessionEnd {}

  /**
   * The session fails and the client can be told: write {@code toClient} (a FATAL ErrorResponse,
   * the client's byte stream is at a message boundary), close the server side, then close the
   * client. With {@code drainClient} the client's input is read and dropped until it closes, so a
   * client still sending (the rest of an oversized Query) does not get a reset that could destroy
   * the error before it reads it.
   */
  record Fatal(ByteString toClient, Throwable reason, boolean drainClient) implements SessionEnd {}

  /**
   * The session fails and nobody can be told cleanly (the client's bytes end inside a streamed
   * DataRow, or its own socket broke): close both sides.
   */
  record Abort(Throwable reason) implements SessionEnd {}

  SessionEnd ORDERLY = new Orderly();
}
