package dev.vetro.proxy.relay;

import dev.vetro.protocol.startup.StartupMessage;
import dev.vetro.proxy.config.ClientLimits;
import dev.vetro.proxy.enforce.Enforcement;
import dev.vetro.proxy.enforce.EnforcingBackend;
import dev.vetro.proxy.enforce.EnforcingFrontend;
import dev.vetro.proxy.enforce.PolicyUnavailable;
import dev.vetro.proxy.enforce.ReplicationStartups;
import dev.vetro.proxy.enforce.SessionEnforcement;
import dev.vetro.proxy.enforce.SessionFacts;
import dev.vetro.proxy.session.ClientFatal;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamConnector;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The session phase of a connection, from the client's point of view a plain byte flow: client
 * bytes → {@link SessionPhase} (auth guard + enforcement one way, session observer + error
 * rewriting the other) ⇄ upstream hop → client bytes. The phase is driven by the {@link RelayStage}
 * (a BidiFlow joined with the upstream hop) or, for plain hops, by the {@link DirectRelay}. The
 * StartupMessage the client sent is judged (replication) and replayed to the server first, byte for
 * byte.
 */
public final class SessionRelay {
  private static final Duration ADDRESS_LOOKUP = Duration.ofSeconds(5);

  private final UpstreamConnector upstream;
  private final int maxMessageBytes;
  private final boolean direct;
  private final Duration clientWriteTimeout;
  private final Duration idleTimeout;
  private final Enforcement enforcement;
  private final ActorSystem<?> system;

  /**
   * {@code enforcement} null: a transparent relay that judges nothing. {@code direct} false
   * (VETRO_PROXY_DIRECT_RELAY=false) keeps plain sessions on the stream relay too (for comparing
   * the two, and so the suite runs the stream relay with plain hops). {@code limits}: the client
   * write and idle timeouts, applied by either relay.
   */
  public SessionRelay(
      UpstreamConnector upstream,
      int maxMessageBytes,
      boolean direct,
      ClientLimits limits,
      Enforcement enforcement,
      ActorSystem<?> system) {
    this.upstream = upstream;
    this.maxMessageBytes = maxMessageBytes;
    this.direct = direct;
    this.clientWriteTimeout = limits.clientWriteTimeout();
    this.idleTimeout = limits.idleTimeout();
    this.enforcement = enforcement;
    this.system = system;
  }

  /**
   * A session with no TLS on either hop runs on the {@link DirectRelay} when its stream comes from
   * an accepted socket that can be taken over (see {@link DirectRelayStage#orElse}); any other on
   * the stream relay.
   */
  public Flow<ByteString, ByteString, NotUsed> flow(
      SessionContext session, StartupMessage startup) {
    if (session.refusal() != null) {
      throw session.refusal(); // the handshake answers it as a FATAL, nothing goes upstream
    }
    session.tell(
        new SessionActor.StartupReceived(startup.user(), startup.database(), session.clientTls()));
    if (enforcement == null) {
      return relay(session, startup, new FrontendAuthGuard(), new BackendSessionObserver());
    }
    enforcement
        .policies()
        .unavailable()
        .ifPresent(
            reason -> {
              throw new ClientFatal(PolicyUnavailable.fatal(reason));
            });
    SessionFacts facts = SessionFacts.of(session.id(), startup);
    lookUpClientAddress(session, facts);
    ReplicationStartups.judge(startup, facts, enforcement)
        .ifPresent(
            fatal -> {
              throw new ClientFatal(fatal);
            });
    SessionEnforcement enforce = new SessionEnforcement(enforcement, facts);
    session.tell(new SessionActor.Judging(enforce));
    return relay(
        session,
        startup,
        new EnforcingFrontend(new FrontendAuthGuard(), enforce),
        new EnforcingBackend(new BackendSessionObserver(), enforce));
  }

  private Flow<ByteString, ByteString, NotUsed> relay(
      SessionContext session,
      StartupMessage startup,
      MessageInterceptor frontend,
      MessageInterceptor backend) {
    SessionPhase phase =
        new SessionPhase(
            session,
            frontend,
            backend,
            maxMessageBytes,
            upstream.address(),
            !idleTimeout.isZero(),
            upstream.metrics());
    // The StartupMessage goes first, byte for byte, outside the phase (it is not framed there).
    Flow<ByteString, ByteString, NotUsed> stream =
        BidiFlow.fromGraph(new RelayStage(phase, clientWriteTimeout, idleTimeout))
            .join(
                Flow.<ByteString>create()
                    .prepend(Source.single(startup.encode()))
                    .via(upstream.connection()));
    if (!direct || session.clientTls() || upstream.upstreamTls()) {
      return stream;
    }
    return DirectRelayStage.orElse(
        new DirectRelayStage.Settings(
            phase,
            startup.encode(),
            upstream.target(),
            upstream.address(),
            upstream.connectTimeout(),
            clientWriteTimeout,
            idleTimeout),
        stream);
  }

  /** The actor knows the client's address; events only need it eventually, so no waiting here. */
  private void lookUpClientAddress(SessionContext session, SessionFacts facts) {
    AskPattern.<SessionActor.Command, SessionActor.SessionStatus>ask(
            session.actor(), SessionActor.GetStatus::new, ADDRESS_LOOKUP, system.scheduler())
        .thenAccept(
            status ->
                facts.clientAddress(
                    status.client().getAddress() == null
                        ? status.client().getHostString()
                        : status.client().getAddress().getHostAddress()));
  }
}
