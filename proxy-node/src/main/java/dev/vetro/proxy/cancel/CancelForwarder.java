package dev.vetro.proxy.cancel;

import dev.vetro.protocol.startup.CancelRequest;
import dev.vetro.proxy.upstream.UpstreamConnector;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a client's CancelRequest to the server that runs the named session, on a new upstream
 * connection (TLS if the upstream hop uses it), as PostgreSQL's protocol prescribes. Like the
 * server, it answers nothing to the client: success or not, the client only sees its query end.
 */
public final class CancelForwarder {
  private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final CancelRegistry registry;
  private final UpstreamConnector upstream;

  public CancelForwarder(
      ActorSystem<?> system, CancelRegistry registry, UpstreamConnector upstream) {
    this.system = system;
    this.registry = registry;
    this.upstream = upstream;
  }

  /** Completes with true when the request was sent upstream, false when the key is unknown. */
  public CompletionStage<Boolean> forward(CancelRequest request) {
    CancelKey key = new CancelKey(request.processId(), request.secretKey());
    if (registry.lookup(key).isEmpty()) {
      log.debug("ignoring CancelRequest for unknown session {}", key);
      return CompletableFuture.completedFuture(false);
    }
    // The server reads the packet and closes. Our side stays open until then (closing right
    // after the write could tear a TLS hop down before the handshake has carried the packet),
    // and is closed as soon as the server's side is, so no connection outlives the exchange.
    Pair<CompletableFuture<Optional<ByteString>>, CompletionStage<Done>> running =
        Source.single(request.encode())
            .concatMat(Source.<ByteString>maybe(), Keep.right())
            .via(upstream.connection())
            .completionTimeout(FORWARD_TIMEOUT)
            .toMat(Sink.ignore(), Keep.both())
            .run(system);
    return running
        .second()
        .whenComplete((done, error) -> running.first().complete(Optional.empty()))
        .handle(
            (done, error) -> {
              if (error != null) {
                log.debug("forwarding CancelRequest for {} failed: {}", key, error.getMessage());
                return false;
              }
              return true;
            });
  }
}
