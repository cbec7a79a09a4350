package dev.vetro.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What the proxy allows a client connection, so that hostile or broken clients cannot exhaust it:
 * part of {@link ProxyConfig}. A zero duration turns that timeout off.
 *
 * @param startupTimeout {@code PROXY_STARTUP_TIMEOUT_SECONDS}: a connection without a complete
 *     StartupMessage and authentication by then is closed (with a FATAL where it can be sent)
 * @param clientWriteTimeout {@code PROXY_CLIENT_WRITE_TIMEOUT_SECONDS}: a session whose client has
 *     not taken what was written to it for this long ends, and its server connection with it
 * @param maxConnections {@code PROXY_MAX_CLIENT_CONN}: sessions beyond it get FATAL 53300 "sorry,
 *     too many clients already", as from PostgreSQL
 */
public record ClientLimits(
    Duration startupTimeout, Duration clientWriteTimeout, int maxConnections) {
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLIENT_WRITE_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;

  public ClientLimits {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(clientWriteTimeout, "clientWriteTimeout");
    if (startupTimeout.isNegative()) {
      throw new ConfigException("PROXY_STARTUP_TIMEOUT_SECONDS must not be negative");
    }
    if (clientWriteTimeout.isNegative()) {
      throw new ConfigException("PROXY_CLIENT_WRITE_TIMEOUT_SECONDS must not be negative");
    }
    if (maxConnections < 1) {
      throw new ConfigException("PROXY_MAX_CLIENT_CONN=" + maxConnections + ": must be at least 1");
    }
  }

  public static ClientLimits defaults() {
    return new ClientLimits(
        DEFAULT_STARTUP_TIMEOUT, DEFAULT_CLIENT_WRITE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  static ClientLimits read(Env env) {
    return new ClientLimits(
        Duration.ofSeconds(
            env.nonNegative(
                "PROXY_STARTUP_TIMEOUT_SECONDS", (int) DEFAULT_STARTUP_TIMEOUT.toSeconds())),
        Duration.ofSeconds(
            env.nonNegative(
                "PROXY_CLIENT_WRITE_TIMEOUT_SECONDS",
                (int) DEFAULT_CLIENT_WRITE_TIMEOUT.toSeconds())),
        env.positive("PROXY_MAX_CLIENT_CONN", DEFAULT_MAX_CONNECTIONS));
  }

  public ClientLimits withStartupTimeout(Duration timeout) {
    return new ClientLimits(timeout, clientWriteTimeout, maxConnections);
  }

  public ClientLimits withClientWriteTimeout(Duration timeout) {
    return new ClientLimits(startupTimeout, timeout, maxConnections);
  }

  public ClientLimits withMaxConnections(int max) {
    return new ClientLimits(startupTimeout, clientWriteTimeout, max);
  }
}
