package dev.vetro.proxy.relay;

import dev.vetro.proxy.net.SocketHandover;
import dev.vetro.proxy.session.ClientTimeouts;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Where a {@link DirectRelay} sits in the connection's stream: in place of the relay stage and the
 * upstream hop. It starts the relay, hands it the client bytes the startup phase had already read,
 * times the upstream connect, turns the stream's end (the drain's kill switch, a stopping system)
 * into the relay's, and completes when the relay has closed both sockets — so the session's
 * lifecycle (tracker, session actor, drain) works as for any other connection. It never emits: the
 * relay writes to the client socket itself.
 */
final class DirectRelayStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  /** How long a client told of its session's end may keep sending before it is cut off. */
  private static final Duration LINGER = Duration.ofSeconds(10);

  private static final Duration MIN_CHECK = Duration.ofMillis(250);

  private final Inlet<ByteString> in = Inlet.create("DirectRelay.in");
  private final Outlet<ByteString> out = Outlet.create("DirectRelay.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final SessionPhase phase;
  private final SocketHandover clientSocket;
  private final ByteString startup;
  private final InetSocketAddress target;
  private final String upstreamAddress;
  private final Duration connectTimeout;
  private final Duration clientWriteTimeout;
  private final Duration idleTimeout;

  /**
   * What a direct relay needs besides the socket.
   *
   * @param startup the client's StartupMessage, replayed to the server byte for byte
   */
  record Settings(
      SessionPhase phase,
      ByteString startup,
      InetSocketAddress target,
      String upstreamAddress,
      Duration connectTimeout,
      Duration clientWriteTimeout,
      Duration idleTimeout) {}

  private DirectRelayStage(Settings settings, SocketHandover clientSocket) {
    this.phase = settings.phase();
    this.idleTimeout = settings.idleTimeout();
    this.clientSocket = clientSocket;
    this.startup = settings.startup();
    this.target = settings.target();
    this.upstreamAddress = settings.upstreamAddress();
    this.connectTimeout = settings.connectTimeout();
    this.clientWriteTimeout = settings.clientWriteTimeout();
  }

  /**
   * The direct relay when the connection's stream carries a client socket that can be taken over
   * here (an accepted plain socket, put there by {@code NioConnection.takeable}, on this loop);
   * {@code stream} otherwise. Chosen when the session is materialized, from the stream's
   * attributes: that the socket can leave the stream is known only to the net package and to this
   * driver.
   */
  static Flow<ByteString, ByteString, NotUsed> orElse(
      Settings settings, Flow<ByteString, ByteString, NotUsed> stream) {
    return Flow.fromMaterializer(
            (materializer, attributes) ->
                attributes
                    .getAttribute(SocketHandover.class)
                    .filter(SocketHandover::available)
                    .map(socket -> Flow.fromGraph(new DirectRelayStage(settings, socket)))
                    .orElse(stream))
        .mapMaterializedValue(materialized -> NotUsed.getInstance());
  }

  /** A few checks per timeout: a timeout is found within a quarter of it (or 250 ms) late. */
  private static Duration checkPeriod(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(MIN_CHECK) < 0 ? MIN_CHECK : quarter;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private final AsyncCallback<Object> relayEnded = createAsyncCallback(done -> completeStage());
      private final AsyncCallback<Object> relayDraining =
          createAsyncCallback(draining -> scheduleOnce("linger", LINGER));
      private final AsyncCallback<Object> clientWriteBlocked =
          createAsyncCallback(
              blocked -> {
                if (!clientWriteTimeout.isZero()) {
                  // a few checks per timeout: a stall is found within a quarter of it
                  schedulePeriodically("client-write", checkPeriod(clientWriteTimeout));
                }
              });
      private DirectRelay relay;
      private boolean relayDone;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                relay.earlyClientBytes(grab(in));
                pull(in);
              }

              @Override
              public void onUpstreamFinish() {
                // Reads go to the relay now; the stream's input ending says nothing about the
                // socket.
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                relay.shutDown(ex); // the drain's kill switch: AdminShutdown, told to the client
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                // never emits
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // the relay writes to the client socket itself; it ends the session when it is over
              }
            });
      }

      @Override
      public void preStart() {
        setKeepGoing(true);
        relay =
            new DirectRelay(
                phase,
                clientSocket,
                startup,
                upstreamAddress,
                new DirectRelay.Host() {
                  @Override
                  public void ended() {
                    relayDone = true;
                    relayEnded.invoke(Boolean.TRUE);
                  }

                  @Override
                  public void draining() {
                    relayDraining.invoke(Boolean.TRUE);
                  }

                  @Override
                  public void clientWriteBlocked() {
                    clientWriteBlocked.invoke(Boolean.TRUE);
                  }
                });
        relay.start(target);
        if (!relay.connected()) {
          scheduleOnce("connect", connectTimeout);
        }
        if (!idleTimeout.isZero()) {
          schedulePeriodically("idle", checkPeriod(idleTimeout));
        }
        pull(in);
      }

      @Override
      public void onTimer(Object key) {
        if ("linger".equals(key)) {
          relay.stopDraining();
        } else if ("idle".equals(key)) {
          relay.checkIdle(idleTimeout.toNanos(), ClientTimeouts.idle(idleTimeout));
        } else if ("client-write".equals(key)) {
          relay.checkClientWrite(
              clientWriteTimeout.toNanos(), ClientTimeouts.clientWrite(clientWriteTimeout));
        } else {
          relay.connectTimedOut(connectTimeout.toMillis());
        }
      }

      @Override
      public void postStop() {
        if (!relayDone && relay != null) {
          relay.abandon();
        }
      }
    };
  }
}
