package dev.vetro.proxy.cancel;

import dev.vetro.protocol.startup.CancelRequest;
import dev.vetro.proxy.metrics.ProxyMetrics;
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
  private final ProxyMetrics metrics;
  private volatile ClusterCancels fleet;

  public CancelForwarder(
      ActorSystem<?> system, CancelRegistry registry, UpstreamConnector upstream) {
    this(system, registry, upstream, new ProxyMetrics());
  }

  public CancelForwarder(
      ActorSystem<?> system,
      CancelRegistry registry,
      UpstreamConnector upstream,
      ProxyMetrics metrics) {
    this.system = system;
    this.registry = registry;
    this.upstream = upstream;
    this.metrics = metrics;
  }

  /** From now on keys this node does not hold are asked of the other members of the fleet. */
  public void withFleet(ClusterCancels cluster) {
    this.fleet = cluster;
  }

  /**
   * Completes with true when the request was sent upstream (by this node or the member that holds
   * the session), false when no node knows the key (counted as unknown; nothing is sent).
   */
  public CompletionStage<Boolean> forward(CancelRequest request) {
    CancelKey key = new CancelKey(request.processId(), request.secretKey());
    if (registry.lookup(key).isPresent()) {
      metrics.cancelRequests.inc("routed_local");
      return sendUpstream(request, key);
    }
    ClusterCancels cluster = fleet;
    if (cluster == null) {
      metrics.cancelRequests.inc("unknown");
      log.debug("ignoring CancelRequest for unknown session {}", key);
      return CompletableFuture.completedFuture(false);
    }
    return cluster
        .forwardToPeers(request)
        .thenApply(
            found -> {
              metrics.cancelRequests.inc(found ? "routed_remote" : "unknown");
              if (!found) {
                log.debug("ignoring CancelRequest for a session no node knows: {}", key);
              }
              return found;
            });
  }

  /**
   * Asked by another member: when this node holds the session, starts sending the cancel to its
   * backend and returns true at once (the asking node must not wait for PostgreSQL to close the
   * cancel connection, or a slow upstream would read as "nobody has it").
   */
  public boolean forwardIfLocal(CancelRequest request) {
    CancelKey key = new CancelKey(request.processId(), request.secretKey());
    if (registry.lookup(key).isEmpty()) {
      return false;
    }
    sendUpstream(request, key);
    return true;
  }

  private CompletionStage<Boolean> sendUpstream(CancelRequest request, CancelKey key) {
    // The server reads the packet and closes. Our side stays open until then (closing right
    // after the write could tear a TLS hop down before the handshake has carried the packet),
    // and is closed as soon as the server's side is, so no connection outlives the exchange.
    long started = System.nanoTime();
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
              log.debug(
                  "CancelRequest for {} delivered; the server closed after {} ms",
                  key,
                  (System.nanoTime() - started) / 1_000_000);
              return true;
            });
  }
}
