package dev.vetro.proxy.relay;

import org.apache.pekko.util.ByteString;

/**
 * PROXY_IDLE_TIMEOUT_SECONDS: whether a session waits for its client's next command, in the sense
 * of PostgreSQL's idle_session_timeout. Idle means: the server's last ReadyForQuery said 'I' (no
 * transaction open), it owes no further ReadyForQuery (one is due per Query, FunctionCall and Sync
 * sent, so a pipelined query still running is not idle), no extended-protocol batch is open (Parse,
 * Bind, Execute… not yet followed by Sync), and the client has sent no bytes since. A client that
 * sent half a message and stopped is idle too (PostgreSQL's timer also runs while it waits inside a
 * message).
 *
 * <p>Idle in a transaction ('T' or 'E') does not count: ending it would roll back the client's work
 * on the proxy's say; that is PostgreSQL's own idle_in_transaction_session_timeout. Counting errs
 * towards "not idle" (a Sync sent during COPY IN, which the server ignores, leaves one
 * ReadyForQuery owed for the rest of the session): a wrong count can keep a session alive, never
 * end a busy one. Single-threaded, like the {@link SessionPhase} that owns it.
 */
final class IdleWatch {
  /** Client messages, by type, at their last byte. */
  final RelayOutput.MessageEnds client = this::fromClient;

  /** Server messages, by type, at their last byte (ReadyForQuery is always captured whole). */
  final RelayOutput.MessageEnds server = this::fromServer;

  private int owed;
  private boolean batchOpen;

  /** Of the last ReadyForQuery; 0 before the first one (the session is still logging in). */
  private char status;

  private long lastActivity;

  IdleWatch(long now) {
    this.lastActivity = now;
  }

  /** Any client bytes, even part of a message: the client is not idle now. */
  void clientBytes(long now) {
    lastActivity = now;
  }

  /** True when the session has been idle for at least {@code timeoutNanos} at {@code now}. */
  boolean idleFor(long timeoutNanos, long now) {
    return owed == 0 && !batchOpen && status == 'I' && now - lastActivity >= timeoutNanos;
  }

  private void fromClient(byte type, ByteString captured) {
    switch (type) {
      case 'Q', 'F' -> owed++;
      case 'S' -> {
        owed++;
        batchOpen = false;
      }
      case 'P', 'B', 'E', 'D', 'C', 'H' -> batchOpen = true;
      default -> {
        // CopyData/CopyDone/CopyFail (inside a Query already owed), password, Terminate
      }
    }
  }

  private void fromServer(byte type, ByteString captured) {
    if (type == 'Z' && captured != null && captured.length() == 6) {
      owed = Math.max(0, owed - 1); // the first one, after login, was not asked for
      status = (char) captured.apply(5);
      lastActivity = System.nanoTime();
    }
  }
}
