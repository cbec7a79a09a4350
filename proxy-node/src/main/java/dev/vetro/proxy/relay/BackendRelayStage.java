package dev.vetro.proxy.relay;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.session.FatalErrors;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.util.Optional;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Server → client: frames the typed messages, lets the interceptor see (and rewrite) the captured
 * ones, streams the rest (DataRow, CopyData) through as slices. It is also the only writer of the
 * proxy's own FATAL errors during a session, because only it knows whether the client's byte stream
 * is at a message boundary: an error spliced into the middle of a DataRow would be garbage, so in
 * that case the connection is just closed.
 */
public final class BackendRelayStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("BackendRelay.in");
  private final Outlet<ByteString> out = Outlet.create("BackendRelay.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final SessionContext session;
  private final MessageInterceptor interceptor;
  private final int maxMessageBytes;
  private final String upstreamAddress;

  public BackendRelayStage(
      SessionContext session,
      MessageInterceptor interceptor,
      int maxMessageBytes,
      String upstreamAddress) {
    this.session = session;
    this.interceptor = interceptor;
    this.maxMessageBytes = maxMessageBytes;
    this.upstreamAddress = upstreamAddress;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private final MessageScanner scanner =
          MessageInterceptor.scannerFor(Direction.BACKEND, interceptor, maxMessageBytes);
      private final RelayOutput output = new RelayOutput(interceptor, session);
      private boolean clientMidMessage;
      private boolean connected;
      private boolean ended;

      @Override
      public void preStart() {
        AsyncCallback<Throwable> failure = createAsyncCallback(this::end);
        session.registerClientFailureSink(failure::invoke);
      }

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(in);
                if (!connected) {
                  connected = true;
                  session.tell(new SessionActor.UpstreamConnected());
                }
                ByteString forward;
                try {
                  forward = output.relay(scanner, chunk);
                } catch (ProtocolException e) {
                  end(UpstreamFailure.broken(upstreamAddress, e));
                  return;
                } catch (RuntimeException e) {
                  end(e);
                  return;
                }
                if (forward.isEmpty()) {
                  pull(in);
                } else {
                  clientMidMessage = output.midMessage();
                  push(out, forward);
                }
              }

              @Override
              public void onUpstreamFinish() {
                // The server closed: after its own FATAL, or mid-message on a crash. Either way the
                // client learns it from the closed connection, exactly as without a proxy.
                completeStage();
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                end(ex);
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!ended && !hasBeenPulled(in)) {
                  pull(in);
                }
              }
            });
      }

      private void end(Throwable reason) {
        if (ended) {
          return;
        }
        ended = true;
        if (!isClosed(in)) {
          cancel(in);
        }
        Optional<ErrorResponse> error =
            clientMidMessage ? Optional.empty() : FatalErrors.forClient(reason);
        if (error.isPresent()) {
          emit(out, error.get().encode(), this::completeStage);
        } else {
          completeStage();
        }
      }
    };
  }
}
