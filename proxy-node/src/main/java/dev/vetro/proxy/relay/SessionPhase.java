package dev.vetro.proxy.relay;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.net.ConnectObserver;
import dev.vetro.proxy.session.FatalErrors;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * The session phase of a connection (after the StartupMessage) without any I/O: events in (client
 * bytes, server bytes, either side closing or failing, the drain's kill switch), actions out (bytes
 * for the server, bytes for the client, how the session ends). It owns both {@link
 * MessageScanner}s, the interceptors (auth guard, enforcement, backend observation) and the
 * protocol facts a FATAL depends on (whether the client's byte stream is inside a message), so the
 * stream driver ({@link RelayStage}) and the direct socket driver ({@link DirectRelay}) share one
 * implementation of framing, judging, FATAL at a message boundary and ending.
 *
 * <p>Hot path: {@link #fromClient} and {@link #fromServer} return the bytes to forward (the input
 * chunk itself when nothing in it changed) and allocate nothing of their own; {@code null} means
 * the chunk ended the session and {@link #ending()} says how. Single-threaded: a driver calls it
 * from one thread (the stream's, or the event loop's).
 */
public final class SessionPhase {
  private final SessionContext session;
  private final String upstreamAddress;
  private final MessageScanner frontendScanner;
  private final RelayOutput frontendOutput;
  private final MessageScanner backendScanner;
  private final RelayOutput backendOutput;
  private final ProxyMetrics metrics;

  private boolean serverSpoke;
  private boolean clientMidMessage;

  /** Null when PROXY_IDLE_TIMEOUT_SECONDS is off. */
  private final IdleWatch idle;

  /** Set once the session fails; from then on input of either side is dropped. */
  private SessionEnd failed;

  public SessionPhase(
      SessionContext session,
      MessageInterceptor frontend,
      MessageInterceptor backend,
      int maxMessageBytes,
      String upstreamAddress) {
    this(
        session,
        frontend,
        backend,
        maxMessageBytes,
        upstreamAddress,
        false,
        ProxyMetrics.UNSCRAPED);
  }

  /**
   * {@code watchIdle}: keep track of whether the session is idle (see {@link #idleFor}). Bytes each
   * way (and, for the direct driver, the upstream connect) count in {@code metrics}.
   */
  public SessionPhase(
      SessionContext session,
      MessageInterceptor frontend,
      MessageInterceptor backend,
      int maxMessageBytes,
      String upstreamAddress,
      boolean watchIdle,
      ProxyMetrics metrics) {
    this.metrics = metrics;
    this.session = session;
    this.upstreamAddress = upstreamAddress;
    this.idle = watchIdle ? new IdleWatch(System.nanoTime()) : null;
    this.frontendScanner =
        MessageInterceptor.scannerFor(Direction.FRONTEND, frontend, maxMessageBytes);
    this.frontendOutput = new RelayOutput(frontend, session, idle == null ? null : idle.client);
    this.backendScanner =
        MessageInterceptor.scannerFor(Direction.BACKEND, backend, maxMessageBytes);
    this.backendOutput = new RelayOutput(backend, session, idle == null ? null : idle.server);
  }

  /**
   * Client bytes: returns what goes to the server (possibly empty: a message not complete yet, or
   * input dropped after the session failed), or {@code null} when they end the session (bad bytes,
   * an oversized inspected message, an interceptor's FATAL): then see {@link #ending()}.
   */
  public ByteString fromClient(ByteString chunk) {
    metrics.bytes.clientToServer.add(chunk.length());
    if (failed != null) {
      return ByteString.emptyByteString();
    }
    if (idle != null) {
      idle.clientBytes(System.nanoTime());
    }
    try {
      return frontendOutput.relay(frontendScanner, chunk);
    } catch (RuntimeException e) {
      end(e, true);
      return null;
    }
  }

  /**
   * Server bytes: returns what goes to the client (possibly empty), or {@code null} when they end
   * the session (a broken server stream): then see {@link #ending()}.
   */
  public ByteString fromServer(ByteString chunk) {
    metrics.bytes.serverToClient.add(chunk.length());
    if (!serverSpoke) {
      serverSpoke = true;
      session.tell(new SessionActor.UpstreamConnected());
    }
    if (failed != null) {
      return ByteString.emptyByteString();
    }
    ByteString forward;
    try {
      forward = backendOutput.relay(backendScanner, chunk);
    } catch (ProtocolException e) {
      end(UpstreamFailure.broken(upstreamAddress, e), true);
      return null;
    } catch (RuntimeException e) {
      end(e, true);
      return null;
    }
    if (!forward.isEmpty()) {
      clientMidMessage = backendOutput.midMessage();
    }
    return forward;
  }

  /**
   * The client closed its side. Orderly, unless that cut a message off (an error, as PostgreSQL
   * would report it); the client is gone either way, so its input is not drained.
   */
  public SessionEnd clientClosed() {
    if (failed != null) {
      return failed;
    }
    try {
      frontendScanner.complete();
    } catch (RuntimeException e) {
      return end(e, false);
    }
    return SessionEnd.ORDERLY;
  }

  /**
   * The server closed: after its own FATAL, or mid-message on a crash. Either way the client learns
   * it from the closed connection, exactly as without a proxy.
   */
  public SessionEnd serverClosed() {
    return failed != null ? failed : SessionEnd.ORDERLY;
  }

  /**
   * The session must end for {@code reason} (an upstream failure, bad input seen elsewhere): the
   * client is told when it can be, then its input is drained. Returns null when the session had
   * failed already (the first reason wins).
   */
  public SessionEnd fail(Throwable reason) {
    return failed != null ? null : end(reason, true);
  }

  /**
   * The upstream socket failed: translated into what the client is told ({@link UpstreamFailure}).
   */
  public SessionEnd upstreamFailed(Throwable failure) {
    return fail(UpstreamFailure.translate(upstreamAddress, failure, serverSpoke));
  }

  /**
   * The drain's kill switch: the client is told why, then the connection closes once that is out,
   * without waiting for the client (an idle pooled connection neither reads nor closes). Null when
   * the session had failed already.
   */
  public SessionEnd shutDown(Throwable reason) {
    return failed != null ? null : end(reason, false);
  }

  /** Where a driver that opens the server socket itself reports how the connect went. */
  public ConnectObserver upstreamConnects() {
    return metrics.upstreamConnects;
  }

  /** How the session failed, or null while it has not. */
  public SessionEnd ending() {
    return failed;
  }

  /**
   * PROXY_IDLE_TIMEOUT_SECONDS: true when the session has waited for its client's next command,
   * outside a transaction and with nothing in progress, for at least {@code timeoutNanos} (see
   * {@link IdleWatch}). Always false unless the phase was made to watch, or once it has failed.
   */
  public boolean idleFor(long timeoutNanos, long now) {
    return idle != null && failed == null && idle.idleFor(timeoutNanos, now);
  }

  /** True once the server sent anything (a failure before that means it was unreachable). */
  public boolean serverSpoke() {
    return serverSpoke;
  }

  private SessionEnd end(Throwable reason, boolean drainClient) {
    // An error spliced into the middle of a DataRow would be garbage: then just close.
    Optional<ErrorResponse> error =
        clientMidMessage ? Optional.empty() : FatalErrors.forClient(reason);
    failed =
        error.isPresent()
            ? new SessionEnd.Fatal(error.get().encode(), reason, drainClient)
            : new SessionEnd.Abort(reason);
    return failed;
  }
}
