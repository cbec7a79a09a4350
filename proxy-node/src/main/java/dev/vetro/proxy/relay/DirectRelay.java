package dev.vetro.proxy.relay;

import dev.vetro.proxy.net.EventLoop;
import dev.vetro.proxy.net.SocketHandover;
import dev.vetro.proxy.net.SocketIo;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.net.InetSocketAddress;
import org.apache.pekko.util.ByteString;

/**
 * The direct socket driver of a {@link SessionPhase}, for a connection with no TLS on either hop: a
 * read from one socket goes through the phase (framed, judged) and is written to the other socket
 * in the same call, on the event loop that owns both sockets. The stream driver ({@link
 * RelayStage}) pays a mailbox hand-off and a run of the stream interpreter for every read; at
 * PgBouncer-like rates that was a third of the proxy's CPU per transaction.
 *
 * <p>What the session does is the phase's (FATAL only at a message boundary, never spliced into a
 * DataRow); this class carries its answers out on the sockets: either side closing closes the
 * other. Flow control: a side is read only while the other side has taken everything written to it,
 * so a slow reader leaves the bytes in the kernel and TCP pushes back on the writer.
 *
 * <p>Loop-thread only. {@link DirectRelayStage} keeps the connection's stream (and so the session's
 * lifecycle, drain and kill switch) in charge of when it ends.
 */
final class DirectRelay {
  /** What the relay tells the stage that hosts it. */
  interface Host {
    /** Both sockets are closed (or handed back to the loop to close): the stage may complete. */
    void ended();

    /** The client was told why the session ends; call {@link #stopDraining} if it lingers. */
    void draining();

    /**
     * A write to the client could not be completed at once, for the first time in this session:
     * from now on call {@link #checkClientWrite} now and then.
     */
    void clientWriteBlocked();
  }

  private final SessionPhase phase;
  private final SocketHandover handover;
  private final EventLoop loop;
  private final String upstreamAddress;
  private final Host host;
  private SocketIo client;
  private SocketIo server;

  /** The StartupMessage, relayed byte for byte once connected. */
  private ByteString startup;

  /** Client bytes the startup phase had read already, framed and judged once connected. */
  private ByteString early = ByteString.emptyByteString();

  private boolean connected;
  private boolean serverWritePending;
  private boolean clientWritePending; // flow control only: SocketIo queues writes itself
  private long clientBlockedSince; // System.nanoTime() when clientWritePending became true
  private boolean watchingClientWrites;
  private boolean ending;

  /** The client was told why the session ends; its input is dropped until it closes. */
  private boolean draining;

  private boolean ended;

  DirectRelay(
      SessionPhase phase,
      SocketHandover handover,
      ByteString startup,
      String upstreamAddress,
      Host host) {
    this.phase = phase;
    this.handover = handover;
    this.loop = handover.loop();
    this.upstreamAddress = upstreamAddress;
    this.host = host;
    this.startup = startup;
  }

  /** Takes the client socket and connects to the server; the client is read once that is up. */
  void start(InetSocketAddress target) {
    client = handover.take(this::onClientEvent);
    server = new SocketIo(loop, this::onServerEvent);
    server.connect(target, phase.upstreamConnects());
  }

  /** Client bytes the startup phase read past the StartupMessage; they go after it. */
  void earlyClientBytes(ByteString bytes) {
    if (ending) {
      return;
    }
    if (connected) {
      fromClient(bytes);
    } else {
      early = early.concat(bytes); // framed and judged once connected
    }
  }

  boolean connected() {
    return connected;
  }

  /** The session must end now: the client is told why when that can be done cleanly. */
  void fail(Throwable reason) {
    carryOut(phase.fail(reason));
  }

  /**
   * The drain's kill switch: the client is told why, then the connection closes once that is out,
   * as the stream relay does. An idle client was not sending, and one that neither reads nor closes
   * (a pooled connection, or one lingering after an earlier FATAL) must not hold the drain until
   * {@link #stopDraining}.
   */
  void shutDown(Throwable reason) {
    if (draining) {
      stopDraining(); // told already, by an earlier FATAL
      return;
    }
    carryOut(phase.shutDown(reason));
  }

  /** Carries out the phase's end of a failed session (null: it had failed already). */
  private void carryOut(SessionEnd end) {
    if (end == null || ending) {
      return;
    }
    ending = true;
    if (server != null) {
      server.close();
    }
    if (client == null) {
      finish();
      return;
    }
    if (!(end instanceof SessionEnd.Fatal fatal)) {
      client.close(); // mid-message, or nobody to tell: once what is queued is out, CLOSED finishes
      return;
    }
    client.write(fatal.toClient()); // queued behind anything still being written
    if (!fatal.drainClient()) {
      client.close(); // once the error is out; CLOSED then finishes
      return;
    }
    // Then FIN. The client may still be sending (the rest of an oversized Query, say): closing
    // now would answer its bytes with a reset, which can destroy the error before the client
    // reads it. So its input is read and dropped until it closes.
    client.shutdownOutput();
    draining = true;
    client.discardInput();
    host.draining();
  }

  /**
   * PROXY_CLIENT_WRITE_TIMEOUT_SECONDS: a client that has not taken what was written to it for
   * {@code timeoutNanos} ends its session, and the server connection goes with it, so that a client
   * that stopped reading a large result does not hold a backend forever. The client gets no FATAL:
   * it does not read, and its socket is reset so that the bytes queued for it do not hold it open.
   */
  void checkClientWrite(long timeoutNanos, Throwable reason) {
    if (!clientWritePending || ended || System.nanoTime() - clientBlockedSince < timeoutNanos) {
      return;
    }
    phase.fail(reason);
    ending = true;
    server.close();
    client.abort();
    finish();
  }

  /**
   * PROXY_IDLE_TIMEOUT_SECONDS: a session idle for {@code timeoutNanos} ({@link
   * SessionPhase#idleFor}) ends as the drain's kill switch ends it: the client is told why (FATAL
   * 57P05), the server connection closes (the backend ends), then the client's.
   */
  void checkIdle(long timeoutNanos, Throwable reason) {
    if (!ending && !ended && phase.idleFor(timeoutNanos, System.nanoTime())) {
      carryOut(phase.shutDown(reason));
    }
  }

  /** A client that neither reads nor closes after its FATAL does not keep the session alive. */
  void stopDraining() {
    if (draining && !ended) {
      client.close();
    }
  }

  /** The server did not accept the connection in time. */
  void connectTimedOut(long millis) {
    if (!connected) {
      server.connectTimedOut();
      fail(
          UpstreamFailure.unreachable(
              upstreamAddress, "connect timeout of " + millis + " ms expired", null));
    }
  }

  /** The hosting stream is gone (system stopping): let go of everything at once. */
  void abandon() {
    ending = true;
    finish();
  }

  private void onServerEvent(Object event) {
    if (ended) {
      return;
    }
    if (event instanceof ByteString bytes) {
      fromServer(bytes);
    } else if (event == SocketIo.Signal.WRITTEN) {
      serverWritePending = false;
      if (!ending) {
        client.requestRead();
      }
    } else if (event == SocketIo.Signal.CONNECTED) {
      onConnected();
    } else if (event == SocketIo.Signal.EOF) {
      // The server closed: after its own FATAL, or mid-message on a crash. Either way the client
      // learns it from the closed connection, exactly as without a proxy.
      closeBoth();
    } else if (event instanceof Throwable failure) {
      carryOut(phase.upstreamFailed(failure));
    } // CLOSED: our own close; the client side decides when the session is over
  }

  private void onClientEvent(Object event) {
    if (ended) {
      return;
    }
    if (event instanceof ByteString bytes) {
      if (!ending) {
        fromClient(bytes);
      }
    } else if (event == SocketIo.Signal.WRITTEN) {
      clientWritePending = false;
      if (!ending) {
        server.requestRead();
      }
    } else if (event == SocketIo.Signal.EOF) {
      if (draining) {
        client.close(); // CLOSED then finishes
        return;
      }
      if (!ending) {
        SessionEnd end = phase.clientClosed(); // a message cut off by the close is an error
        if (!(end instanceof SessionEnd.Orderly)) {
          carryOut(end);
          return;
        }
      }
      closeBoth();
    } else if (event == SocketIo.Signal.CLOSED) {
      finish();
    } else if (event instanceof Throwable) {
      // The client's socket broke: nobody left to tell.
      ending = true;
      server.close();
      finish();
    }
  }

  private void onConnected() {
    connected = true;
    if (ending) {
      return;
    }
    server.requestRead();
    // The StartupMessage is relayed byte for byte; anything after it is framed and judged.
    ByteString rest = early;
    early = null;
    if (!server.write(startup)) {
      serverWritePending = true;
    }
    startup = null;
    if (rest.isEmpty()) {
      if (!serverWritePending) {
        client.requestRead();
      }
    } else {
      fromClient(rest);
    }
  }

  private void fromClient(ByteString chunk) {
    ByteString forward = phase.fromClient(chunk);
    if (forward == null) {
      carryOut(phase.ending());
      return;
    }
    if (forward.isEmpty() || server.write(forward)) {
      if (!serverWritePending) {
        client.requestRead();
      }
    } else {
      serverWritePending = true;
    }
  }

  private void fromServer(ByteString chunk) {
    ByteString forward = phase.fromServer(chunk); // first bytes: the session actor hears of them
    if (ending) {
      return;
    }
    if (forward == null) {
      carryOut(phase.ending());
      return;
    }
    if (forward.isEmpty()) {
      server.requestRead();
      return;
    }
    if (client.write(forward)) {
      server.requestRead();
    } else {
      clientWritePending = true;
      clientBlockedSince = System.nanoTime();
      if (!watchingClientWrites) {
        watchingClientWrites = true;
        host.clientWriteBlocked();
      }
    }
  }

  /** An orderly end: each side gets what was written to it, then closes. */
  private void closeBoth() {
    ending = true;
    server.close();
    client.close(); // CLOSED then finishes
  }

  private void finish() {
    if (ended) {
      return;
    }
    ended = true;
    if (client != null) {
      client.release();
    }
    if (server != null) {
      server.release();
    }
    handover.release();
    host.ended();
  }
}
