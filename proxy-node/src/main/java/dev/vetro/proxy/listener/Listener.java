package dev.vetro.proxy.listener;

import dev.vetro.proxy.cancel.CancelRegistry;
import dev.vetro.proxy.config.ClientLimits;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.net.EventLoops;
import dev.vetro.proxy.net.NioAcceptor;
import dev.vetro.proxy.net.NioConnection;
import dev.vetro.proxy.net.RateLimitedLog;
import dev.vetro.proxy.session.AdminShutdown;
import dev.vetro.proxy.session.ClientTimeouts;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.startup.ClientHandshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts client connections and gives each its own stream (socket → per-connection flow) and
 * session actor. All sessions share one kill switch, used only when the drain time is over. A
 * connection's stream runs on one event loop, the thread that also does its sockets' I/O.
 */
public final class Listener {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);

  /** Closing what is left after the drain: FATAL written, sockets closed. */
  private static final Duration ABORT_GRACE = Duration.ofSeconds(5);

  private static final int BACKLOG = 1024;
  private static final String NODE_ID = "local";

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final ClientHandshake handshake;
  private final CancelRegistry cancels;
  private final boolean upstreamTls;
  private final EventLoops loops;
  private final ClientLimits limits;

  /** Sessions admitted under PROXY_MAX_CLIENT_CONN (refused connections are not counted). */
  private final AtomicInteger admitted = new AtomicInteger();

  private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final RateLimitedLog startFailures = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final SharedKillSwitch killSwitch = KillSwitches.shared("vetro-sessions");
  private final ConnectionTracker tracker = new ConnectionTracker();
  private final AtomicLong sessionIds = new AtomicLong();
  private volatile NioAcceptor acceptor;

  private Listener(
      ActorSystem<?> system,
      ClientHandshake handshake,
      CancelRegistry cancels,
      boolean upstreamTls,
      EventLoops loops,
      ClientLimits limits) {
    this.system = system;
    this.limits = limits;
    this.loops = loops;
    this.materializer = Materializer.matFromSystem(system);
    this.handshake = handshake;
    this.cancels = cancels;
    this.upstreamTls = upstreamTls;
  }

  public static CompletionStage<Listener> bind(
      ActorSystem<?> system,
      ProxyConfig config,
      ClientHandshake handshake,
      CancelRegistry cancels,
      boolean upstreamTls,
      EventLoops loops) {
    Listener listener =
        new Listener(system, handshake, cancels, upstreamTls, loops, config.clientLimits());
    try {
      listener.acceptor =
          NioAcceptor.bind(
              loops.loop(0),
              new InetSocketAddress(config.listenHost(), config.listenPort()),
              BACKLOG,
              listener::accept);
      return CompletableFuture.completedFuture(listener);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void accept(SocketChannel channel) {
    try {
      start(channel);
    } catch (RuntimeException e) {
      // under a flood (actor or memory limits) this repeats per connection: counted, not per line
      startFailures.warn("vetro proxy: cannot start a session for an accepted connection", e);
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  private void start(SocketChannel channel) {
    long id = sessionIds.incrementAndGet();
    ActorRef<SessionActor.Command> actor =
        system.systemActorOf(
            SessionActor.create(id, remoteAddress(channel), NODE_ID, cancels),
            "session-" + id,
            Props.empty());
    SessionContext session = new SessionContext(id, actor, upstreamTls);
    boolean admit = admitted.incrementAndGet() <= limits.maxConnections();
    if (!admit) {
      admitted.decrementAndGet();
      session.refuse(ClientTimeouts.tooManyClients(limits.maxConnections()));
      refusals.info(
          "vetro proxy: connection refused, PROXY_MAX_CLIENT_CONN reached",
          limits.maxConnections() + " sessions open");
    }
    NioConnection.Takeable client = NioConnection.takeable(channel, true, loops.loop(0));
    tracker.opened();
    // When the proxy has written its last byte to the client, the connection is over: the
    // per-connection switch then ends the client's input too, so that no half-open socket (or a
    // stage draining a client that never closes) outlives the session.
    Flow<ByteString, ByteString, Pair<UniqueKillSwitch, CompletionStage<Done>>> perConnection =
        Flow.<ByteString>create()
            .via(new CancelQuietlyStage())
            .via(killSwitch.flow())
            .viaMat(KillSwitches.single(), Keep.right())
            .via(handshake.flow(session))
            .watchTermination(Keep.both());
    // halfClose=true: when a stage stops reading the client, the socket stays open for writing
    // until our last bytes (typically a FATAL ErrorResponse) are out; see CancelQuietlyStage.
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        Flow.fromGraph(client.stage())
            .joinMat(perConnection, Keep.right())
            // the loop to run on, and the socket a plain session's direct relay may take over
            .addAttributes(loops.attributesFor(id).and(client.attributes()))
            .run(materializer);
    Cancellable startupTimer = startupTimer(session, running.first());
    running
        .second()
        .whenComplete(
            (ok, error) -> {
              if (startupTimer != null) {
                startupTimer.cancel();
              }
              if (admit) {
                admitted.decrementAndGet();
              }
              running.first().shutdown();
              tracker.closed();
              actor.tell(new SessionActor.Closed(error == null ? null : error.toString()));
            });
  }

  /**
   * PROXY_STARTUP_TIMEOUT_SECONDS: a connection that has not completed its startup and
   * authentication by then (one that sends nothing, or stalls in the password exchange) is ended
   * through its own kill switch: the FATAL is written where the protocol allows, then it closes.
   */
  private Cancellable startupTimer(SessionContext session, UniqueKillSwitch connection) {
    Duration timeout = limits.startupTimeout();
    if (timeout.isZero()) {
      return null;
    }
    return system
        .scheduler()
        .scheduleOnce(
            timeout,
            () -> {
              if (!session.authenticated()) {
                connection.abort(ClientTimeouts.startup(timeout));
              }
            },
            system.executionContext());
  }

  private static InetSocketAddress remoteAddress(SocketChannel channel) {
    try {
      return (InetSocketAddress) channel.getRemoteAddress();
    } catch (IOException e) {
      return InetSocketAddress.createUnresolved(
          "closed", 0); // gone already; the stream will see it
    }
  }

  public int boundPort() {
    return acceptor.localAddress().getPort();
  }

  /** Client connections accepted since start. */
  public long acceptedConnections() {
    return tracker.total();
  }

  public int openConnections() {
    return tracker.open();
  }

  public CompletionStage<Done> unbind() {
    return acceptor.unbind().thenApply(unit -> Done.getInstance());
  }

  /** Waits for open sessions to end; after {@code drain}, ends the rest and waits a little more. */
  public CompletionStage<Done> drain(Duration drain) {
    return tracker
        .awaitNoneAsync(drain)
        .thenCompose(
            allEnded -> {
              if (allEnded) {
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              log.info("vetro proxy: drain time over, ending {} open session(s)", tracker.open());
              killSwitch.abort(new AdminShutdown());
              return tracker.awaitNoneAsync(ABORT_GRACE).thenApply(ended -> Done.getInstance());
            });
  }
}
