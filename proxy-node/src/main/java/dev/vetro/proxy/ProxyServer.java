package dev.vetro.proxy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.proxy.cancel.CancelForwarder;
import dev.vetro.proxy.cancel.CancelRegistry;
import dev.vetro.proxy.cancel.LocalCancelRegistry;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.listener.Listener;
import dev.vetro.proxy.relay.SessionRelay;
import dev.vetro.proxy.startup.ClientHandshake;
import dev.vetro.proxy.tls.TlsContexts;
import dev.vetro.proxy.upstream.UpstreamConnector;
import java.time.Duration;
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
  private volatile Duration drain;

  private ProxyServer(ActorSystem<Void> system, ProxyConfig config, Listener listener, CancelRegistry cancels) {
    this.system = system;
    this.config = config;
    this.listener = listener;
    this.cancels = cancels;
    this.drain = config.shutdownDrain();
  }

  /**
   * Starts a node and waits until it listens.
   *
   * @throws dev.vetro.proxy.config.ConfigException for unusable TLS files
   * @throws ProxyStartException when the listen address cannot be bound
   */
  public static ProxyServer start(ProxyConfig config) {
    TlsContexts tls = TlsContexts.load(config); // fail on bad files before anything runs
    Config pekkoConfig = ConfigFactory.parseResources(ProxyServer.class.getClassLoader(), "vetro-proxy.conf")
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "vetro-proxy", pekkoConfig);
    try {
      UpstreamConnector upstream = new UpstreamConnector(system, config, tls);
      CancelRegistry cancels = new LocalCancelRegistry();
      ClientHandshake handshake = new ClientHandshake(tls,
          new CancelForwarder(system, cancels, upstream),
          new SessionRelay(upstream, config.maxMessageBytes()));
      Listener listener = Listener.bind(system, config, handshake, cancels, upstream.upstreamTls())
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      ProxyServer server = new ProxyServer(system, config, listener, cancels);
      server.registerShutdownTasks();
      log.info("vetro proxy listening on {}:{}, upstream {} (upstream TLS: {}, client TLS: {},"
              + " max inspected message {} bytes)",
          config.listenHost(), listener.boundPort(), config.upstreamAddress(),
          config.upstreamSslMode().envValue(), config.clientTlsMode().envValue(), config.maxMessageBytes());
      return server;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      system.terminate();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ProxyStartException("vetro proxy: cannot listen on " + config.listenHost() + ":"
          + config.listenPort() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new ProxyStartException("vetro proxy: interrupted while starting", e);
    }
  }

  private void registerShutdownTasks() {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "vetro-unbind", () -> listener.unbind());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "vetro-drain-sessions",
        () -> listener.drain(drain));
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
    CompletionStage<Done> done = CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
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
