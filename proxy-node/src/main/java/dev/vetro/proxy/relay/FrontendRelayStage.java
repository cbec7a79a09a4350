package dev.vetro.proxy.relay;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.proxy.session.SessionContext;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Client → server after the StartupMessage: frames the typed messages, lets the interceptor see
 * (and replace) the captured ones, forwards everything else as slices. One output element per input
 * chunk.
 *
 * <p>When the client's bytes are bad, the session ends: the error goes to the client through the
 * backend stage ({@link SessionContext#failClient}), the upstream hop is closed, and the rest of
 * the client's input is read and dropped until the connection closes, so that cancelling the client
 * socket cannot cut the error off before it is written.
 */
public final class FrontendRelayStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("FrontendRelay.in");
  private final Outlet<ByteString> out = Outlet.create("FrontendRelay.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final SessionContext session;
  private final MessageInterceptor interceptor;
  private final int maxMessageBytes;

  public FrontendRelayStage(
      SessionContext session, MessageInterceptor interceptor, int maxMessageBytes) {
    this.session = session;
    this.interceptor = interceptor;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private final MessageScanner scanner =
          MessageInterceptor.scannerFor(Direction.FRONTEND, interceptor, maxMessageBytes);
      private final RelayOutput output = new RelayOutput(interceptor, session);
      private boolean draining;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(in);
                if (draining) {
                  pull(in);
                  return;
                }
                ByteString forward;
                try {
                  forward = output.relay(scanner, chunk);
                } catch (RuntimeException e) {
                  endSession(e);
                  return;
                }
                if (forward.isEmpty()) {
                  pull(in);
                } else {
                  push(out, forward);
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (!draining) {
                  try {
                    scanner.complete();
                  } catch (RuntimeException e) {
                    session.failClient(e);
                  }
                }
                completeStage();
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                session.failClient(ex);
                completeStage();
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!hasBeenPulled(in)) {
                  pull(in);
                }
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // The upstream hop is gone; the backend stage tells the client why. Keep consuming
                // so the client socket is closed by the writing side, after that error.
                startDraining();
              }
            });
      }

      private void endSession(RuntimeException reason) {
        session.failClient(reason);
        complete(out);
        startDraining();
      }

      private void startDraining() {
        draining = true;
        if (!hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }
    };
  }
}
