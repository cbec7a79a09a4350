package dev.vetro.proxy;

import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.wiring.NodeWiring;
import java.util.Map;

/**
 * {@code bin/vetro proxy}: configuration from environment variables (the one place main code reads
 * them: {@link ProxyConfig#fromEnv}), runs until SIGTERM/SIGINT, which drain the sessions
 * (PROXY_SHUTDOWN_DRAIN_SECONDS) through the JVM shutdown hook. Exit codes: 2 for a configuration
 * mistake, 1 when the node cannot start otherwise.
 */
public final class ProxyMain {
  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_START = 1;

  private ProxyMain() {}

  public static void main(String[] args) {
    int code = run(System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Returns only on failure (with the exit code) or after the node has stopped (0). */
  static int run(Map<String, String> env) {
    ProxyServer server;
    try {
      ProxyConfig config = ProxyConfig.fromEnv(env);
      server = ProxyServer.start(config, NodeWiring.fromConfig(config));
    } catch (ConfigException e) {
      System.err.println("vetro proxy: configuration error: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (ProxyStartException e) {
      System.err.println(e.getMessage());
      return EXIT_START;
    }
    server.whenTerminated().join();
    return 0;
  }
}
