package dev.vetro.proxy.listener;

import dev.vetro.proxy.cancel.CancelRegistry;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.session.AdminShutdown;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.startup.ClientHandshake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts client connections and gives each its own stream (Tcp bind → per-connection flow) and
 * session actor. All sessions share one kill switch, used only when the drain time is over.
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
  private final SharedKillSwitch killSwitch = KillSwitches.shared("vetro-sessions");
  private final ConnectionTracker tracker = new ConnectionTracker();
  private final AtomicLong sessionIds = new AtomicLong();
  private volatile Tcp.ServerBinding binding;

  private Listener(ActorSystem<?> system, ClientHandshake handshake, CancelRegistry cancels, boolean upstreamTls) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.handshake = handshake;
    this.cancels = cancels;
    this.upstreamTls = upstreamTls;
  }

  public static CompletionStage<Listener> bind(
      ActorSystem<?> system, ProxyConfig config, ClientHandshake handshake, CancelRegistry cancels,
      boolean upstreamTls) {
    Listener listener = new Listener(system, handshake, cancels, upstreamTls);
    // halfClose=true: when a stage stops reading the client, the socket stays open for writing
    // until our last bytes (typically a FATAL ErrorResponse) are out; see CancelQuietlyStage.
    return Tcp.get(system)
        .bind(config.listenHost(), config.listenPort(), BACKLOG, List.of(), true, Optional.empty())
        .to(Sink.foreach(listener::accept))
        .run(listener.materializer)
        .thenApply(bound -> {
          listener.binding = bound;
          return listener;
        });
  }

  private void accept(Tcp.IncomingConnection connection) {
    long id = sessionIds.incrementAndGet();
    ActorRef<SessionActor.Command> actor = system.systemActorOf(
        SessionActor.create(id, connection.remoteAddress(), NODE_ID, cancels), "session-" + id, Props.empty());
    SessionContext session = new SessionContext(id, actor, upstreamTls);
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
    Pair<UniqueKillSwitch, CompletionStage<Done>> running = connection.handleWith(perConnection, materializer);
    running.second().whenComplete((ok, error) -> {
      running.first().shutdown();
      tracker.closed();
      actor.tell(new SessionActor.Closed(error == null ? null : error.toString()));
    });
  }

  public int boundPort() {
    return binding.localAddress().getPort();
  }

  public int openConnections() {
    return tracker.open();
  }

  public CompletionStage<Done> unbind() {
    return binding.unbind().thenApply(unit -> Done.getInstance());
  }

  /** Waits for open sessions to end; after {@code drain}, ends the rest and waits a little more. */
  public CompletionStage<Done> drain(Duration drain) {
    return tracker.awaitNoneAsync(drain).thenCompose(allEnded -> {
      if (allEnded) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      log.info("vetro proxy: drain time over, ending {} open session(s)", tracker.open());
      killSwitch.abort(new AdminShutdown());
      return tracker.awaitNoneAsync(ABORT_GRACE).thenApply(ended -> Done.getInstance());
    });
  }
}
