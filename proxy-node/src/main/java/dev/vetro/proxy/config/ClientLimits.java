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
 * @param idleTimeout {@code PROXY_IDLE_TIMEOUT_SECONDS}: a session waiting for its client's next
 *     command (outside a transaction, nothing in progress) for this long gets FATAL 57P05 and ends,
 *     as with PostgreSQL's idle_session_timeout; off (zero) by default
 */
public record ClientLimits(
    Duration startupTimeout,
    Duration clientWriteTimeout,
    int maxConnections,
    Duration idleTimeout) {
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLIENT_WRITE_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;

  public ClientLimits {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(clientWriteTimeout, "clientWriteTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (startupTimeout.isNegative()) {
      throw new ConfigException("PROXY_STARTUP_TIMEOUT_SECONDS must not be negative");
    }
    if (clientWriteTimeout.isNegative()) {
      throw new ConfigException("PROXY_CLIENT_WRITE_TIMEOUT_SECONDS must not be negative");
    }
    if (idleTimeout.isNegative()) {
      throw new ConfigException("PROXY_IDLE_TIMEOUT_SECONDS must not be negative");
    }
    if (maxConnections < 1) {
      throw new ConfigException("PROXY_MAX_CLIENT_CONN=" + maxConnections + ": must be at least 1");
    }
  }

  public static ClientLimits defaults() {
    return new ClientLimits(
        DEFAULT_STARTUP_TIMEOUT,
        DEFAULT_CLIENT_WRITE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_IDLE_TIMEOUT);
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
        env.positive("PROXY_MAX_CLIENT_CONN", DEFAULT_MAX_CONNECTIONS),
        Duration.ofSeconds(
            env.nonNegative("PROXY_IDLE_TIMEOUT_SECONDS", (int) DEFAULT_IDLE_TIMEOUT.toSeconds())));
  }

  public ClientLimits withStartupTimeout(Duration timeout) {
    return new ClientLimits(timeout, clientWriteTimeout, maxConnections, idleTimeout);
  }

  public ClientLimits withClientWriteTimeout(Duration timeout) {
    return new ClientLimits(startupTimeout, timeout, maxConnections, idleTimeout);
  }

  public ClientLimits withMaxConnections(int max) {
    return new ClientLimits(startupTimeout, clientWriteTimeout, max, idleTimeout);
  }

  public ClientLimits withIdleTimeout(Duration timeout) {
    return new ClientLimits(startupTimeout, clientWriteTimeout, maxConnections, timeout);
  }
}
