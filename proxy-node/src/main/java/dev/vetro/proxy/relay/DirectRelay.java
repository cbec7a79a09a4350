package dev.vetro.proxy.relay;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.net.EventLoop;
import dev.vetro.proxy.net.SocketHandover;
import dev.vetro.proxy.net.SocketIo;
import dev.vetro.proxy.session.FatalErrors;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * The session phase of a connection with no TLS on either hop, without a stream in between: a read
 * from one socket is framed, judged by the same interceptors the relay stages use, and written to
 * the other socket in the same call, on the event loop that owns both sockets. The stream version
 * pays a mailbox hand-off and a run of the stream interpreter for every read; at PgBouncer-like
 * rates that was a third of the proxy's CPU per transaction.
 *
 * <p>Semantics follow {@link FrontendRelayStage} and {@link BackendRelayStage}: bad client bytes or
 * an upstream failure end the session with a FATAL ErrorResponse when the client's byte stream is
 * at a message boundary (never spliced into a DataRow), then the connection closes; either side
 * closing closes the other. Flow control: a side is read only while the other side has taken
 * everything written to it, so a slow reader leaves the bytes in the kernel and TCP pushes back on
 * the writer.
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
  }

  private final SessionContext session;
  private final SocketHandover handover;
  private final EventLoop loop;
  private final String upstreamAddress;
  private final Host host;
  private final MessageScanner frontendScanner;
  private final RelayOutput frontendOutput;
  private final MessageScanner backendScanner;
  private final RelayOutput backendOutput;
  private SocketIo client;
  private SocketIo server;

  /** The StartupMessage, then whatever the client sent that the startup phase had read already. */
  private ByteString toServerFirst;

  private boolean connected;
  private boolean serverSpoke;
  private boolean serverWritePending;
  private boolean clientWritePending; // flow control only: SocketIo queues writes itself
  private boolean clientMidMessage;
  private boolean ending;

  /** The client was told why the session ends; its input is dropped until it closes. */
  private boolean draining;

  private boolean ended;

  DirectRelay(
      SessionContext session,
      SocketHandover handover,
      ByteString startup,
      MessageInterceptor frontend,
      MessageInterceptor backend,
      int maxMessageBytes,
      String upstreamAddress,
      Host host) {
    this.session = session;
    this.handover = handover;
    this.loop = handover.loop();
    this.upstreamAddress = upstreamAddress;
    this.host = host;
    this.toServerFirst = startup;
    this.frontendScanner =
        MessageInterceptor.scannerFor(Direction.FRONTEND, frontend, maxMessageBytes);
    this.frontendOutput = new RelayOutput(frontend, session);
    this.backendScanner =
        MessageInterceptor.scannerFor(Direction.BACKEND, backend, maxMessageBytes);
    this.backendOutput = new RelayOutput(backend, session);
  }

  /** Takes the client socket and connects to the server; the client is read once that is up. */
  void start(InetSocketAddress target) {
    client = handover.take(this::onClientEvent);
    server = new SocketIo(loop, this::onServerEvent);
    session.registerClientFailureSink(reason -> loop.run(() -> fail(reason)));
    server.connect(target);
  }

  /** Client bytes the startup phase read past the StartupMessage; they go after it. */
  void earlyClientBytes(ByteString bytes) {
    if (ending) {
      return;
    }
    if (connected) {
      fromClient(bytes);
    } else {
      toServerFirst = toServerFirst.concat(bytes); // framed and judged once connected
    }
  }

  boolean connected() {
    return connected;
  }

  /** The session must end now: the client is told why when that can be done cleanly. */
  void fail(Throwable reason) {
    fail(reason, true);
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
    fail(reason, false);
  }

  private void fail(Throwable reason, boolean drainClient) {
    if (ending) {
      return;
    }
    ending = true;
    if (server != null) {
      server.close();
    }
    Optional<ErrorResponse> error =
        clientMidMessage ? Optional.empty() : FatalErrors.forClient(reason);
    if (client == null) {
      finish();
      return;
    }
    if (error.isEmpty()) {
      client.close(); // mid-message, or nobody to tell: once what is queued is out, CLOSED finishes
      return;
    }
    client.write(error.get().encode()); // queued behind anything still being written
    if (!drainClient) {
      client.close(); // once the error is out; CLOSED then finishes
      return;
    }
    // Then FIN. The client may still be sending (the rest of an oversized Query, say): closing
    // now would answer its bytes with a reset, which can destroy the error before the client
    // reads it. So its input is read and dropped until it closes, as the stream relay does.
    client.shutdownOutput();
    draining = true;
    client.discardInput();
    host.draining();
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
      fail(UpstreamFailure.translate(upstreamAddress, failure, serverSpoke));
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
        try {
          frontendScanner.complete(); // a message cut off by the close is an error, as upstream
        } catch (RuntimeException e) {
          fail(e);
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
    ByteString first = toServerFirst;
    toServerFirst = null;
    // The StartupMessage is relayed byte for byte; anything after it is framed and judged.
    ByteString startup = first.take(startupLength(first));
    ByteString rest = first.drop(startup.length());
    if (!server.write(startup)) {
      serverWritePending = true;
    }
    if (rest.isEmpty()) {
      if (!serverWritePending) {
        client.requestRead();
      }
    } else {
      fromClient(rest);
    }
  }

  private static int startupLength(ByteString bytes) {
    return bytes.iterator().getInt(ByteOrder.BIG_ENDIAN);
  }

  private void fromClient(ByteString chunk) {
    ByteString forward;
    try {
      forward = frontendOutput.relay(frontendScanner, chunk);
    } catch (RuntimeException e) {
      fail(e);
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
    if (!serverSpoke) {
      serverSpoke = true;
      session.tell(new SessionActor.UpstreamConnected());
    }
    if (ending) {
      return;
    }
    ByteString forward;
    try {
      forward = backendOutput.relay(backendScanner, chunk);
    } catch (ProtocolException e) {
      fail(UpstreamFailure.broken(upstreamAddress, e));
      return;
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    if (forward.isEmpty()) {
      server.requestRead();
      return;
    }
    clientMidMessage = backendOutput.midMessage();
    if (client.write(forward)) {
      server.requestRead();
    } else {
      clientWritePending = true;
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
