package dev.vetro.proxy.net;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.SubscriptionWithCancelException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * A TCP connection as a byte flow (in: bytes to send, out: bytes received), on an {@link EventLoop}
 * instead of Pekko's TCP actors. Closing follows Pekko's {@code Tcp} stage, which the proxy's close
 * handling was written against: with {@code halfClose} the end of the input sends FIN and reading
 * goes on until the peer closes; without it the end of either side closes the socket; a failed
 * input aborts (RST); the end of reading leaves the write side open until input ends.
 *
 * <p>When the stream runs on the loop's own dispatcher, reads, writes and stage logic share one
 * thread; on any other dispatcher the stage still works, with a hand-off per event.
 */
public final class NioConnection extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("NioConnection.in");
  private final Outlet<ByteString> out = Outlet.create("NioConnection.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final SocketChannel accepted;
  private final InetSocketAddress target;
  private final Duration connectTimeout;
  private final boolean halfClose;
  private final EventLoop fallbackLoop;
  private final SocketHandover handover;
  private final ConnectObserver connectObserver;

  private NioConnection(
      SocketChannel accepted,
      InetSocketAddress target,
      Duration connectTimeout,
      boolean halfClose,
      EventLoop fallbackLoop,
      SocketHandover handover,
      ConnectObserver connectObserver) {
    this.handover = handover;
    this.connectObserver = connectObserver;
    this.accepted = accepted;
    this.target = target;
    this.connectTimeout = connectTimeout;
    this.halfClose = halfClose;
    this.fallbackLoop = Objects.requireNonNull(fallbackLoop, "fallbackLoop");
  }

  /** A connection the acceptor took; it can be materialized once. */
  public static NioConnection accepted(
      SocketChannel channel, boolean halfClose, EventLoop fallbackLoop) {
    return new NioConnection(
        Objects.requireNonNull(channel, "channel"),
        null,
        null,
        halfClose,
        fallbackLoop,
        null,
        ConnectObserver.NONE);
  }

  /**
   * An accepted connection whose socket a relay further down its stream may take over: the stream
   * must carry {@link Takeable#attributes} (added to the whole connection graph), where the relay
   * finds the {@link SocketHandover}. From the hand-over on, the stage only waits for the taker to
   * release the socket, and then completes.
   */
  public static Takeable takeable(
      SocketChannel channel, boolean halfClose, EventLoop fallbackLoop) {
    SocketHandover handover = new SocketHandover();
    return new Takeable(
        new NioConnection(
            Objects.requireNonNull(channel, "channel"),
            null,
            null,
            halfClose,
            fallbackLoop,
            handover,
            ConnectObserver.NONE),
        Attributes.apply(handover).and(new ClientReset(handover)));
  }

  /** An accepted connection's stage, and the attributes that let its socket be taken over. */
  public record Takeable(NioConnection stage, Attributes attributes) {}

  /** A new connection to {@code target} per materialization. */
  public static NioConnection outgoing(
      InetSocketAddress target,
      Duration connectTimeout,
      boolean halfClose,
      EventLoop fallbackLoop) {
    return outgoing(target, connectTimeout, halfClose, fallbackLoop, ConnectObserver.NONE);
  }

  /** As above, telling {@code observer} how each connect went (upstream metrics). */
  public static NioConnection outgoing(
      InetSocketAddress target,
      Duration connectTimeout,
      boolean halfClose,
      EventLoop fallbackLoop,
      ConnectObserver observer) {
    return new NioConnection(
        null,
        Objects.requireNonNull(target, "target"),
        Objects.requireNonNull(connectTimeout, "connectTimeout"),
        halfClose,
        fallbackLoop,
        null,
        Objects.requireNonNull(observer, "observer"));
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  /** The taker of a handed-over socket is done with it. */
  private static final Object RELEASED = new Object();

  /** {@link SocketHandover#abort}: reset the connection and end the stage. */
  private static final Object ABORT = new Object();

  private final class Logic extends TimerGraphStageLogic {
    private final AsyncCallback<Object> events = createAsyncCallback(this::onEvent);
    // Chosen in preStart, on the thread the stage will run on (materializing may happen elsewhere).
    private EventLoop loop;
    private SocketIo io;
    private boolean connected;

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              ByteString bytes = grab(in);
              if (handedOver()) {
                pull(in); // the socket is the taker's now; nothing in the stream may write to it
                return;
              }
              if (loop.inLoop()) {
                if (io.write(bytes)) {
                  pull(in);
                }
              } else {
                loop.execute(
                    () -> {
                      if (io.write(bytes)) {
                        events.invoke(SocketIo.Signal.WRITTEN);
                      }
                    });
              }
            }

            @Override
            public void onUpstreamFinish() {
              if (handedOver()) {
                return; // completes on release
              }
              if (connected) {
                closeWriteSide();
              } // else: done when the connection is up, as Pekko does
            }

            @Override
            public void onUpstreamFailure(Throwable ex) {
              if (handedOver()) {
                return; // completes on release
              }
              loop.run(io::abort);
              failStage(new StreamTcpException("The connection has been aborted"));
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (connected && !handedOver()) {
                loop.run(io::requestRead);
              }
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              if (handedOver()) {
                return; // completes on release
              }
              if (!(cause instanceof SubscriptionWithCancelException.NonFailureCancellation)) {
                loop.run(io::abort);
                failStage(cause);
              } else if (!connected) {
                // closed when the input ends, after connecting
              } else if (!halfClose || isClosed(in)) {
                loop.run(io::close);
              } else {
                loop.run(io::discardInput);
              }
            }
          });
    }

    @Override
    public void preStart() {
      setKeepGoing(true); // the socket may still be flushing or waiting for the peer's FIN
      EventLoop current = EventLoop.current();
      loop = current != null ? current : fallbackLoop;
      io = new SocketIo(loop, events::invoke);
      if (accepted != null) {
        loop.run(() -> io.adopt(accepted));
        if (handover != null) {
          handover.offer(io, loop, () -> events.invoke(RELEASED), () -> events.invoke(ABORT));
        }
        connected = true;
        pull(in);
      } else {
        scheduleOnce("connect", connectTimeout);
        loop.run(() -> io.connect(target, connectObserver));
      }
    }

    private boolean handedOver() {
      return handover != null && handover.taken();
    }

    private void onEvent(Object event) {
      if (event == RELEASED) {
        completeStage();
      } else if (event == ABORT) {
        if (!handedOver()) {
          loop.run(io::abort);
          failStage(new StreamTcpException("The connection has been aborted"));
        }
      } else if (handedOver()) {
        handover.forward(event); // read before the hand-over, delivered after it: the taker's
      } else if (event instanceof ByteString bytes) {
        if (!isClosed(out)) {
          push(out, bytes);
        }
      } else if (event == SocketIo.Signal.WRITTEN) {
        if (!isClosed(in)) {
          pull(in);
        }
      } else if (event == SocketIo.Signal.EOF) {
        if (!isClosed(out)) {
          complete(out);
        }
        if (isClosed(in) || !halfClose) {
          loop.run(io::close);
        }
      } else if (event == SocketIo.Signal.CLOSED) {
        completeStage();
      } else if (event == SocketIo.Signal.CONNECTED) {
        onConnected();
      } else if (event instanceof Throwable failure) {
        failStage(failure);
      }
    }

    private void onConnected() {
      connected = true;
      cancelTimer("connect");
      if (isClosed(out) && isClosed(in)) {
        loop.run(io::close);
        return;
      }
      if (isClosed(in)) {
        closeWriteSide();
      } else {
        pull(in);
      }
      if (isClosed(out)) {
        loop.run(halfClose ? io::discardInput : io::close);
      } else if (isAvailable(out)) {
        loop.run(io::requestRead);
      }
    }

    private void closeWriteSide() {
      if (isClosed(out) || !halfClose) {
        loop.run(io::close);
      } else {
        loop.run(io::shutdownOutput);
      }
    }

    @Override
    public void onTimer(Object key) {
      if (!connected) {
        loop.run(
            () -> {
              io.connectTimedOut();
              io.abort();
            });
        failStage(
            new StreamTcpException(
                "Tcp command [Connect("
                    + target
                    + ")] failed because of"
                    + " java.net.ConnectException: connect timeout of "
                    + connectTimeout.toMillis()
                    + " ms expired"));
      }
    }

    @Override
    public void postStop() {
      if (io != null && !handedOver()) {
        loop.run(io::release);
      }
    }
  }
}
