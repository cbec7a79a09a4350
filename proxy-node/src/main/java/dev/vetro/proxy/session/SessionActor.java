package dev.vetro.proxy.session;

import dev.vetro.proxy.cancel.CancelKey;
import dev.vetro.proxy.cancel.CancelRegistry;
import dev.vetro.proxy.cancel.CancelTarget;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one client session's lifecycle: what it connected as, whether the upstream hop is up, the
 * cancel key the server gave it (registered for cancel routing while the session lives), and its
 * end. The stream stages tell it about lifecycle events only; protocol messages never pass through
 * it, so the hot path pays no actor round trip.
 */
public final class SessionActor extends AbstractBehavior<SessionActor.Command> {
  private static final Logger log = LoggerFactory.getLogger(SessionActor.class);

  public sealed interface Command
      permits StartupReceived, UpstreamConnected, BackendKeyReceived, Judging, Closed, GetStatus {}

  public record StartupReceived(String user, String database, boolean clientTls)
      implements Command {}

  public record UpstreamConnected() implements Command {}

  public record BackendKeyReceived(CancelKey key) implements Command {}

  /** The session is judged by the policy; its counts are read from {@code counts} when asked. */
  public record Judging(JudgedCounts.Source counts) implements Command {}

  /** The connection's stream ended; reason is null for an orderly end. */
  public record Closed(String reason) implements Command {}

  public record GetStatus(ActorRef<SessionStatus> replyTo) implements Command {}

  public record SessionStatus(
      long sessionId,
      InetSocketAddress client,
      Optional<String> user,
      Optional<String> database,
      boolean upstreamConnected,
      Optional<CancelKey> cancelKey,
      Optional<JudgedCounts> judged) {}

  public static Behavior<Command> create(
      long sessionId, InetSocketAddress client, String nodeId, CancelRegistry cancels) {
    return Behaviors.setup(ctx -> new SessionActor(ctx, sessionId, client, nodeId, cancels));
  }

  private final long sessionId;
  private final InetSocketAddress client;
  private final CancelTarget self;
  private final CancelRegistry cancels;
  private String user;
  private String database;
  private boolean upstreamConnected;
  private CancelKey cancelKey;
  private JudgedCounts.Source judged;

  private SessionActor(
      ActorContext<Command> ctx,
      long sessionId,
      InetSocketAddress client,
      String nodeId,
      CancelRegistry cancels) {
    super(ctx);
    this.sessionId = sessionId;
    this.client = client;
    this.self = new CancelTarget(nodeId, sessionId);
    this.cancels = cancels;
    log.debug("session {} opened from {}", sessionId, client);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartupReceived.class, this::onStartup)
        .onMessage(
            UpstreamConnected.class,
            m -> {
              upstreamConnected = true;
              return this;
            })
        .onMessage(BackendKeyReceived.class, this::onBackendKey)
        .onMessage(
            Judging.class,
            m -> {
              judged = m.counts();
              return this;
            })
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Closed.class, this::onClosed)
        .build();
  }

  private Behavior<Command> onStartup(StartupReceived m) {
    user = m.user();
    database = m.database();
    log.debug(
        "session {} starts as user={} database={} clientTls={}",
        sessionId,
        user,
        database,
        m.clientTls());
    return this;
  }

  private Behavior<Command> onBackendKey(BackendKeyReceived m) {
    if (cancelKey != null) {
      cancels.unregister(cancelKey, self);
    }
    cancelKey = m.key();
    cancels.register(cancelKey, self);
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    m.replyTo()
        .tell(
            new SessionStatus(
                sessionId,
                client,
                Optional.ofNullable(user),
                Optional.ofNullable(database),
                upstreamConnected,
                Optional.ofNullable(cancelKey),
                Optional.ofNullable(judged).map(JudgedCounts.Source::judgedCounts)));
    return this;
  }

  private Behavior<Command> onClosed(Closed m) {
    if (cancelKey != null) {
      cancels.unregister(cancelKey, self);
    }
    String counts = judged == null ? "" : " " + judged.judgedCounts();
    if (m.reason() == null) {
      log.debug("session {} closed{}", sessionId, counts);
    } else {
      log.debug("session {} closed: {}{}", sessionId, m.reason(), counts);
    }
    return Behaviors.stopped();
  }
}
