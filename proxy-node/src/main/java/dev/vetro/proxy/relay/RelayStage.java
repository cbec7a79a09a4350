package dev.vetro.proxy.relay;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
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
 */
public final class RelayStage
    extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  private final Inlet<ByteString> fromClient = Inlet.create("Relay.fromClient");
  private final Outlet<ByteString> toServer = Outlet.create("Relay.toServer");
  private final Inlet<ByteString> fromServer = Inlet.create("Relay.fromServer");
  private final Outlet<ByteString> toClient = Outlet.create("Relay.toClient");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromClient, toServer, fromServer, toClient);
  private final SessionPhase phase;

  /** {@code phase} is used by this stage's logic only: materialize the stage once. */
  public RelayStage(SessionPhase phase) {
    this.phase = phase;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      /** The client's input is dropped until it closes (the session has ended towards it). */
      private boolean draining;

      /** The client side is being ended (FATAL on its way, or closed). */
      private boolean clientEnded;

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
        draining = true;
        if (!hasBeenPulled(fromClient) && !isClosed(fromClient)) {
          pull(fromClient);
        }
      }
    };
  }
}
