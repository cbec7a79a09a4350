package dev.vetro.proxy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.proxy.admin.NodeAdmin;
import dev.vetro.proxy.admin.NodeReadiness;
import dev.vetro.proxy.cancel.CancelForwarder;
import dev.vetro.proxy.cancel.CancelRegistry;
import dev.vetro.proxy.cancel.ClusterCancels;
import dev.vetro.proxy.cancel.LocalCancelRegistry;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.enforce.Enforcement;
import dev.vetro.proxy.listener.Listener;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.net.EventLoops;
import dev.vetro.proxy.policycache.PolicyCluster;
import dev.vetro.proxy.relay.SessionRelay;
import dev.vetro.proxy.startup.ClientHandshake;
import dev.vetro.proxy.tls.TlsContexts;
import dev.vetro.proxy.upstream.UpstreamConnector;
import dev.vetro.proxy.wiring.NodeWiring;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running proxy node: one actor system, one listener, sessions. {@link #start} returns once the
 * port is bound; {@link #shutdown} stops accepting, lets sessions finish for up to the drain time
 * and ends the rest. A JVM shutdown (SIGTERM) runs the same drain through CoordinatedShutdown.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<Void> system;
  private final ProxyConfig config;
  private final Listener listener;
  private final CancelRegistry cancels;
  private final PolicyWiring wiring;
  private final Enforcement enforcement;
  private final NodeAdmin admin;
  private volatile Duration drain;

  private ProxyServer(
      ActorSystem<Void> system,
      ProxyConfig config,
      Listener listener,
      CancelRegistry cancels,
      PolicyWiring wiring,
      Enforcement enforcement,
      NodeAdmin admin) {
    this.admin = admin;
    this.system = system;
    this.config = config;
    this.listener = listener;
    this.cancels = cancels;
    this.wiring = wiring;
    this.enforcement = enforcement;
    this.drain = config.shutdownDrain();
  }

  /**
   * Starts a transparent node: it relays and judges nothing (the proxy of the previous release, for
   * transport tests and embedding that does its own judging). A firewall starts with a {@link
   * PolicyWiring}; {@code bin/vetro proxy} uses {@code NodeWiring.fromConfig}.
   *
   * @throws dev.vetro.proxy.config.ConfigException for unusable TLS files
   * @throws ProxyStartException when the listen address cannot be bound
   */
  public static ProxyServer start(ProxyConfig config) {
    return start(config, (NodeWiring) null);
  }

  /** Starts a node with a policy source and decision sink the caller built (tests, embedding). */
  public static ProxyServer start(ProxyConfig config, PolicyWiring wiring) {
    return start(config, NodeWiring.of(wiring));
  }

  /**
   * Starts a node and waits until it listens. The node runs one actor system: its settings are
   * {@code wiring.actorSystemConfig()} (the cluster provider when the policy cache is sharded) over
   * {@code vetro-proxy.conf}; {@code wiring.build()} then creates the policy source and the
   * decision sink inside it. {@code NodeWiring.fromConfig(config)} is what {@code bin/vetro proxy}
   * uses. A null {@code wiring} starts a transparent node.
   *
   * @throws dev.vetro.proxy.config.ConfigException for unusable TLS files or policy settings
   * @throws ProxyStartException when the listen address cannot be bound
   */
  public static ProxyServer start(ProxyConfig config, NodeWiring wiring) {
    TlsContexts tls = TlsContexts.load(config); // fail on bad files before anything runs
    Config pekkoConfig =
        (wiring == null ? ConfigFactory.empty() : wiring.actorSystemConfig())
            .withFallback(
                ConfigFactory.parseResources(
                    ProxyServer.class.getClassLoader(), "vetro-proxy.conf"))
            .withFallback(ConfigFactory.load())
            .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "vetro-proxy", pekkoConfig);
    PolicyWiring policy;
    try {
      policy = wiring == null ? null : wiring.build().apply(system, config);
    } catch (ConfigException e) {
      system.terminate();
      throw e;
    } catch (RuntimeException e) {
      system.terminate();
      throw new ProxyStartException("vetro proxy: cannot set up the policy: " + e.getMessage(), e);
    }
    EventLoops loops =
        EventLoops.start(
            system, config.eventLoops(), pekkoConfig.getInt("vetro.proxy.event-loop-throughput"));
    system.getWhenTerminated().thenRun(loops::shutdown);
    try {
      ProxyMetrics metrics = new ProxyMetrics();
      UpstreamConnector upstream = new UpstreamConnector(loops, config, tls, metrics);
      CancelRegistry cancels = new LocalCancelRegistry();
      Enforcement enforcement =
          policy == null ? null : Enforcement.create(policy.policySource(), policy.decisionSink());
      CancelForwarder cancelForwarder = new CancelForwarder(system, cancels, upstream, metrics);
      if (PolicyCluster.isClustered(system)) {
        cancelForwarder.withFleet(ClusterCancels.start(system, cancelForwarder::forwardIfLocal));
      }
      ClientHandshake handshake =
          new ClientHandshake(
              tls,
              cancelForwarder,
              new SessionRelay(
                  upstream,
                  config.maxMessageBytes(),
                  config.directRelay(),
                  config.clientLimits(),
                  enforcement,
                  system),
              metrics);
      Listener listener =
          Listener.bind(system, config, handshake, cancels, upstream.upstreamTls(), loops)
              .toCompletableFuture()
              .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      NodeAdmin admin = NodeAdmin.start(system, config, listener, policy, enforcement, metrics);
      system.getWhenTerminated().thenRun(admin::close);
      ProxyServer server =
          new ProxyServer(system, config, listener, cancels, policy, enforcement, admin);
      if (policy != null) {
        policy.reportOpenSessions(listener::openConnections); // for the heartbeat
      }
      server.registerShutdownTasks();
      log.info(
          "vetro proxy listening on {}:{}, upstream {} (upstream TLS: {}, client TLS: {},"
              + " max inspected message {} bytes)",
          config.listenHost(),
          listener.boundPort(),
          config.upstreamAddress(),
          config.upstreamSslMode().envValue(),
          config.clientTlsMode().envValue(),
          config.maxMessageBytes());
      log.info(
          "vetro {}",
          policy == null ? "transparent: no policy, nothing is judged" : policy.startupSummary());
      return server;
    } catch (ExecutionException | TimeoutException | RuntimeException | IOException e) {
      closeQuietly(policy);
      system.terminate();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ProxyStartException(
          "vetro proxy: cannot listen on "
              + config.listenHost()
              + ":"
              + config.listenPort()
              + ": "
              + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new ProxyStartException("vetro proxy: interrupted while starting", e);
    }
  }

  private void registerShutdownTasks() {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    // Not ready first, so load balancers and Kubernetes stop sending clients before the port
    // closes.
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "vetro-not-ready",
        () -> {
          admin.readiness().draining();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(), "vetro-unbind", () -> listener.unbind());
    // Between the unbind and the drain the node leaves the cluster: vetro-proxy.conf orders the
    // cluster phases before service-requests-done, so the fleet sees it removed (not unreachable)
    // while its sessions still finish.
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "vetro-drain-sessions",
        () -> listener.drain(drain));
    // After the sessions: their last decisions are in the buffer and get flushed on close.
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceStop(),
        "vetro-policy-wiring",
        () -> {
          closeQuietly(wiring);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  private static void closeQuietly(PolicyWiring wiring) {
    if (wiring == null) {
      return;
    }
    try {
      wiring.close();
    } catch (RuntimeException e) {
      log.warn("vetro proxy: closing the policy wiring failed: {}", e.toString());
    }
  }

  /** The node's policy cache, decision sink and heartbeat; empty when transparent. */
  public Optional<PolicyWiring> policyWiring() {
    return Optional.ofNullable(wiring);
  }

  /**
   * The node's judge (counters of allowed, flagged and blocked requests); empty when transparent.
   */
  public Optional<Enforcement> enforcement() {
    return Optional.ofNullable(enforcement);
  }

  /**
   * The admin endpoint's port ({@code /healthz}, {@code /readyz}, {@code /metrics}); -1 when off.
   */
  public int adminPort() {
    return admin.boundPort();
  }

  /** Readiness as {@code /readyz} reports it. */
  public NodeReadiness readiness() {
    return admin.readiness();
  }

  public int boundPort() {
    return listener.boundPort();
  }

  public ProxyConfig config() {
    return config;
  }

  /** Client connections currently open (in any phase). */
  public int openConnections() {
    return listener.openConnections();
  }

  public CancelRegistry cancelRegistry() {
    return cancels;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Stops accepting connections, waits up to {@code drainTime} for open sessions to end, ends the
   * rest with FATAL 57P01, and stops the node. Blocks until done.
   */
  public void shutdown(Duration drainTime) {
    this.drain = drainTime;
    CompletionStage<Done> done =
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
    try {
      done.toCompletableFuture().get(drainTime.toMillis() + 60_000, TimeUnit.MILLISECONDS);
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("vetro proxy shutdown did not complete cleanly: {}", e.toString());
    }
  }

  /** Waits until the node has stopped (for the main thread of a standalone process). */
  public CompletableFuture<Done> whenTerminated() {
    return system.getWhenTerminated().toCompletableFuture();
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
