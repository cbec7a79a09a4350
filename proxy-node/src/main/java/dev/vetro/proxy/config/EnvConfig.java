package dev.vetro.proxy.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link ProxyConfig} from environment variables (the seed's names are the public interface).
 */
public final class EnvConfig {
  private EnvConfig() {}

  public static ProxyConfig fromEnv(Map<String, String> env) {
    UpstreamSslMode upstreamSsl =
        UpstreamSslMode.parse(
            "UPSTREAM_PG_SSLMODE", text(env, "UPSTREAM_PG_SSLMODE").orElse("disable"));
    ClientTlsMode clientTls =
        ClientTlsMode.parse("PROXY_TLS_MODE", text(env, "PROXY_TLS_MODE").orElse("disable"));
    return new ProxyConfig(
        text(env, "PROXY_PG_LISTEN_HOST").orElse("0.0.0.0"),
        integer(env, "PROXY_PG_LISTEN_PORT", ProxyConfig.DEFAULT_LISTEN_PORT),
        text(env, "UPSTREAM_PG_HOST").orElse(null),
        integer(env, "UPSTREAM_PG_PORT", ProxyConfig.DEFAULT_UPSTREAM_PORT),
        upstreamSsl,
        readableFile(env, "UPSTREAM_PG_SSLROOTCERT"),
        readableFile(env, "UPSTREAM_PG_SSLCERT"),
        readableFile(env, "UPSTREAM_PG_SSLKEY"),
        clientTls,
        readableFile(env, "PROXY_TLS_CERT"),
        readableFile(env, "PROXY_TLS_KEY"),
        integer(env, "PROXY_MAX_MESSAGE_BYTES", ProxyConfig.DEFAULT_MAX_MESSAGE_BYTES),
        Duration.ofSeconds(integer(env, "PROXY_SHUTDOWN_DRAIN_SECONDS", 30)),
        Duration.ofSeconds(integer(env, "UPSTREAM_PG_CONNECT_TIMEOUT_SECONDS", 10)));
  }

  /** Empty values count as unset, as a shell's `FOO= cmd` usually means "use the default". */
  private static Optional<String> text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    Optional<String> value = text(env, name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "='" + value.get() + "' is not a whole number");
    }
  }

  private static Optional<Path> readableFile(Map<String, String> env, String name) {
    Optional<Path> path = text(env, name).map(Path::of);
    if (path.isPresent() && !Files.isReadable(path.get())) {
      throw new ConfigException(
          name + "=" + path.get() + ": file does not exist or is not readable");
    }
    return path;
  }
}
