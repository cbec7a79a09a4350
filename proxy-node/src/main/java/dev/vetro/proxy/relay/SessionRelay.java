package dev.vetro.proxy.relay;

import dev.vetro.protocol.startup.StartupMessage;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamConnector;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The session phase of a connection, from the client's point of view a plain byte flow:
 * client bytes → frontend relay → upstream hop → backend relay → client bytes. The StartupMessage
 * the client sent is replayed to the server first, byte for byte.
 */
public final class SessionRelay {
  private final UpstreamConnector upstream;
  private final int maxMessageBytes;

  public SessionRelay(UpstreamConnector upstream, int maxMessageBytes) {
    this.upstream = upstream;
    this.maxMessageBytes = maxMessageBytes;
  }

  public Flow<ByteString, ByteString, NotUsed> flow(SessionContext session, StartupMessage startup) {
    session.tell(new SessionActor.StartupReceived(startup.user(), startup.database(), session.clientTls()));
    return Flow.<ByteString>create()
        .via(new FrontendRelayStage(session, new FrontendAuthGuard(), maxMessageBytes))
        .prepend(Source.single(startup.encode()))
        .via(upstream.connection())
        .via(new BackendRelayStage(session, new BackendSessionObserver(), maxMessageBytes, upstream.address()));
  }
}
