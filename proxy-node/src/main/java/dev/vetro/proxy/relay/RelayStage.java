package dev.vetro.proxy.relay;

import dev.vetro.proxy.net.ClientReset;
import dev.vetro.proxy.session.ClientFatal;
import dev.vetro.proxy.session.ClientTimeouts;
import java.time.Duration;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The stream driver of a {@link SessionPhase}: a BidiFlow between the client hop (its TLS stage, if
 * any) and the upstream hop (its TLS stage, if any), so a connection with TLS stays a stream graph
 * with backpressure: a side is pulled only when the other side wants bytes. One output element per
 * input chunk. Everything protocol-shaped is the phase's; this class only maps its answers onto
 * ports.
 *
 * <p>Ports: {@code fromClient → toServer} (shape in1/out1), {@code fromServer → toClient}
 * (in2/out2). When the session fails, the server side is closed, the client gets the FATAL (if the
 * phase has one) and then its output completes, and the client's input is read and dropped until it
 * closes, so that cancelling the client socket cannot cut the error off before it is written.
 *
 * <p>Timeouts (checked a few times per timeout by one periodic timer, none when both are off):
 * PROXY_CLIENT_WRITE_TIMEOUT_SECONDS — bytes handed towards the client that have not been taken
 * (backpressure from a client that stopped reading, through its TLS stage and socket) for that long
 * end the session: the server side fails (its socket is reset, the backend ends) and the client's
 * socket is reset, since a FATAL would never reach a client that does not read and an orderly close
 * would wait for its queued bytes forever. PROXY_IDLE_TIMEOUT_SECONDS — an idle session ({@link
 * SessionPhase#idleFor}) ends as the drain's kill switch ends it: FATAL 57P05, then close.
 */
public final class RelayStage
    extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  private static final Duration MIN_CHECK = Duration.ofMillis(250);

  private final Inlet<ByteString> fromClient = Inlet.create("Relay.fromClient");
  private final Outlet<ByteString> toServer = Outlet.create("Relay.toServer");
  private final Inlet<ByteString> fromServer = Inlet.create("Relay.fromServer");
  private final Outlet<ByteString> toClient = Outlet.create("Relay.toClient");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromClient, toServer, fromServer, toClient);

  /**
   * How long a client told of its session's end may keep its connection open before it is reset (as
   * in the direct relay): over TLS, the proxy's close_notify does not make a client close, and one
   * that never does would hold its connection (not its backend) forever.
   */
  private static final Duration LINGER = Duration.ofSeconds(10);

  private final SessionPhase phase;
  private final Duration clientWriteTimeout;
  private final Duration idleTimeout;

  /** {@code phase} is used by this stage's logic only: materialize the stage once. */
  public RelayStage(SessionPhase phase) {
    this(phase, Duration.ZERO, Duration.ZERO);
  }

  /**
   * With timeouts ({@code Duration.ZERO}: off). When the stream carries a {@link ClientReset} (an
   * accepted client socket), the client's connection is reset when the client write timeout ends
   * the session or when a client told of its session's end lingers (10 s) without closing.
   */
  public RelayStage(SessionPhase phase, Duration clientWriteTimeout, Duration idleTimeout) {
    this.phase = phase;
    this.clientWriteTimeout = clientWriteTimeout;
    this.idleTimeout = idleTimeout;
  }

  /** A few checks per timeout: a timeout is found within a quarter of it (or 250 ms) late. */
  private Duration checkPeriod() {
    Duration shortest = null;
    for (Duration t : new Duration[] {clientWriteTimeout, idleTimeout}) {
      if (!t.isZero() && (shortest == null || t.compareTo(shortest) < 0)) {
        shortest = t;
      }
    }
    if (shortest == null) {
      return null;
    }
    Duration quarter = shortest.dividedBy(4);
    return quarter.compareTo(MIN_CHECK) < 0 ? MIN_CHECK : quarter;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    ClientReset clientReset = attributes.getAttribute(ClientReset.class).orElse(null);
    return new TimerGraphStageLogic(shape) {
      /** The client's input is dropped until it closes (the session has ended towards it). */
      private boolean draining;

      /** The client side is being ended (FATAL on its way, or closed). */
      private boolean clientEnded;

      /** Pulls of toClient so far: the client side is taking what it is given while this grows. */
      private long clientPulls;

      private long pullsAtLastCheck = -1;

      /** When the client side was last seen taking bytes (System.nanoTime()). */
      private long clientTookAt = System.nanoTime();

      {
        setHandler(
            fromClient,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(fromClient);
                if (draining) {
                  pull(fromClient);
                  return;
                }
                ByteString forward = phase.fromClient(chunk);
                if (forward == null) {
                  end(phase.ending());
                } else if (forward.isEmpty()) {
                  pull(fromClient);
                } else {
                  push(toServer, forward);
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (!draining) {
                  SessionEnd end = phase.clientClosed();
                  if (!(end instanceof SessionEnd.Orderly)) {
                    end(end);
                  }
                }
                completeIfOpen(toServer);
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                // The client's socket failed, or the drain's kill switch (AdminShutdown).
                SessionEnd end = phase.shutDown(ex);
                if (end != null) {
                  end(end);
                }
                completeIfOpen(toServer);
              }
            });
        setHandler(
            toServer,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!draining && !hasBeenPulled(fromClient) && !isClosed(fromClient)) {
                  pull(fromClient);
                }
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // The upstream hop is gone; the fromServer side tells the client why. Keep
                // consuming so the client socket is closed by the writing side, after that error.
                startDraining();
              }
            });
        setHandler(
            fromServer,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString forward = phase.fromServer(grab(fromServer));
                if (forward == null) {
                  end(phase.ending());
                } else if (forward.isEmpty()) {
                  pull(fromServer);
                } else {
                  push(toClient, forward);
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (!clientEnded) {
                  phase.serverClosed();
                  clientEnded = true;
                  completeIfOpen(toClient);
                }
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                // Already translated by the upstream hop (UpstreamErrorStage).
                SessionEnd end = phase.fail(ex);
                if (end != null) {
                  end(end);
                }
              }
            });
        setHandler(
            toClient,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                clientPulls++;
                if (!clientEnded && !hasBeenPulled(fromServer) && !isClosed(fromServer)) {
                  pull(fromServer);
                }
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // The client can no longer be written to: nothing more to read from the server.
                clientEnded = true;
                if (!isClosed(fromServer)) {
                  cancel(fromServer);
                }
              }
            });
      }

      @Override
      public void preStart() {
        Duration period = checkPeriod();
        if (period != null) {
          scheduleWithFixedDelay("timeouts", period, period);
        }
      }

      @Override
      public void onTimer(Object key) {
        if ("linger".equals(key)) {
          clientReset.reset();
          completeStage();
          return;
        }
        long now = System.nanoTime();
        if (!clientWriteTimeout.isZero() && clientStalledFor(now) >= clientWriteTimeout.toNanos()) {
          clientWriteTimedOut();
        } else if (!idleTimeout.isZero()
            && !clientEnded
            && phase.idleFor(idleTimeout.toNanos(), now)) {
          SessionEnd end = phase.shutDown(ClientTimeouts.idle(idleTimeout));
          if (end != null) {
            end(end);
          }
        }
      }

      /**
       * How long bytes handed to the client side have waited there without it taking anything: an
       * element is outstanding on toClient (pushed, not pulled since) and no pull came in between.
       */
      private long clientStalledFor(long now) {
        boolean waiting = !isClosed(toClient) && !isAvailable(toClient);
        if (!waiting || clientPulls != pullsAtLastCheck) {
          pullsAtLastCheck = clientPulls;
          clientTookAt = now;
          return 0;
        }
        return now - clientTookAt;
      }

      /**
       * The client has not taken anything for PROXY_CLIENT_WRITE_TIMEOUT_SECONDS: the server
       * connection is reset (the backend ends) and so is the client's; no FATAL, it would not be
       * read.
       */
      private void clientWriteTimedOut() {
        ClientFatal reason = ClientTimeouts.clientWrite(clientWriteTimeout);
        phase.fail(reason);
        clientEnded = true;
        if (clientReset != null) {
          clientReset.reset();
        }
        failStage(reason);
      }

      private void end(SessionEnd end) {
        if (!isClosed(fromServer)) {
          cancel(fromServer);
        }
        completeIfOpen(toServer);
        if (!clientEnded) {
          clientEnded = true;
          if (end instanceof SessionEnd.Fatal fatal && !isClosed(toClient)) {
            emit(toClient, fatal.toClient(), () -> completeIfOpen(toClient));
          } else {
            completeIfOpen(toClient);
          }
        }
        startDraining();
      }

      private void completeIfOpen(Outlet<ByteString> out) {
        if (!isClosed(out)) {
          complete(out);
        }
      }

      private void startDraining() {
        if (!draining && clientReset != null && !isClosed(fromClient)) {
          scheduleOnce("linger", LINGER);
        }
        draining = true;
        if (!hasBeenPulled(fromClient) && !isClosed(fromClient)) {
          pull(fromClient);
        }
      }
    };
  }
}
