package dev.vetro.proxy.config;

/**
 * The admin endpoint ({@code /healthz}, {@code /readyz}, {@code /metrics}), part of {@link
 * ProxyConfig}.
 *
 * @param host {@code PROXY_ADMIN_HOST}, default {@code 0.0.0.0} (probes and scrapers come from
 *     outside the pod or host)
 * @param port {@code PROXY_ADMIN_PORT}, default 9187; 0 = a free port; -1 = no admin endpoint
 */
public record AdminSettings(String host, int port) {
  public static final int DEFAULT_PORT = 9187;

  public AdminSettings {
    if (host == null || host.isBlank()) {
      throw new ConfigException("PROXY_ADMIN_HOST must not be empty");
    }
    if (port < -1 || port > 65535) {
      throw new ConfigException(
          "PROXY_ADMIN_PORT=" + port + " is not a TCP port (0 = a free port, -1 = off)");
    }
  }

  /** Tests and embedding: a free port on loopback. */
  public static AdminSettings loopbackFreePort() {
    return new AdminSettings("127.0.0.1", 0);
  }

  public boolean enabled() {
    return port >= 0;
  }

  static AdminSettings read(Env env) {
    return new AdminSettings(
        env.text("PROXY_ADMIN_HOST").orElse("0.0.0.0"),
        env.integer("PROXY_ADMIN_PORT", DEFAULT_PORT));
  }
}
