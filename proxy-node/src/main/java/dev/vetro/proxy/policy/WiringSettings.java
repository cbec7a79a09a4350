package dev.vetro.proxy.policy;

import dev.vetro.proxy.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables of the policy cache, decision events and heartbeat, checked once at
 * start so a typo is a precise {@link ConfigException} (exit 2), not a surprise at the first fetch.
 *
 * @param policyFile standalone policy, or empty
 * @param controlPlane the control plane, or empty (exclusive with {@code policyFile})
 */
public record WiringSettings(
    String databaseId,
    Optional<Path> policyFile,
    Optional<ControlPlane> controlPlane,
    Path dataDir,
    Path decisionLog,
    Duration policyRefresh,
    Duration heartbeatInterval,
    Duration firstFetchWait,
    int eventBuffer,
    int eventBatch,
    String nodeId) {

  public static final String DEFAULT_DATABASE_ID = "default";

  public static WiringSettings fromEnv(Map<String, String> env) {
    Optional<Path> file = text(env, "VETRO_POLICY_FILE").map(Path::of);
    Optional<String> apiUrl = text(env, "VETRO_API_URL");
    if (file.isPresent() && apiUrl.isPresent()) {
      throw new ConfigException(
          "VETRO_POLICY_FILE and VETRO_API_URL are both set: a proxy takes its policy"
              + " from one place; unset one of them");
    }
    Optional<ControlPlane> api = Optional.empty();
    if (apiUrl.isPresent()) {
      String key =
          text(env, "VETRO_API_KEY")
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "VETRO_API_URL is set but VETRO_API_KEY is not: the control plane needs the proxy's API key"));
      String db =
          text(env, "VETRO_DATABASE_ID")
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "VETRO_API_URL is set but VETRO_DATABASE_ID is not: say which database this proxy protects"));
      api = Optional.of(new ControlPlane(apiBase(apiUrl.get()), key, db));
    }
    Path dataDir = Path.of(text(env, "VETRO_DATA_DIR").orElse("./.vetro/proxy"));
    int batch = positive(env, "VETRO_EVENT_BATCH", 500);
    if (batch > ControlPlane.MAX_EVENTS_PER_BATCH) {
      throw new ConfigException(
          "VETRO_EVENT_BATCH="
              + batch
              + " is more than the control plane accepts in one"
              + " batch ("
              + ControlPlane.MAX_EVENTS_PER_BATCH
              + ")");
    }
    return new WiringSettings(
        text(env, "VETRO_DATABASE_ID").orElse(DEFAULT_DATABASE_ID),
        file,
        api,
        dataDir,
        text(env, "VETRO_DECISION_LOG").map(Path::of).orElse(dataDir.resolve("decisions.jsonl")),
        Duration.ofSeconds(positive(env, "VETRO_POLICY_REFRESH_SECONDS", 5)),
        Duration.ofSeconds(positive(env, "VETRO_HEARTBEAT_SECONDS", 15)),
        Duration.ofSeconds(nonNegative(env, "VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", 5)),
        positive(env, "VETRO_EVENT_BUFFER", 10_000),
        batch,
        text(env, "VETRO_NODE_ID").orElseGet(() -> defaultNodeId(env)));
  }

  /** Accepts the base ({@code https://vetro.example}) or the API root ({@code …/api/v1}). */
  static URI apiBase(String url) {
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw new ConfigException("VETRO_API_URL='" + url + "' is not a URL: " + e.getReason());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null) {
      throw new ConfigException(
          "VETRO_API_URL='" + url + "' must be an http:// or https:// URL with a host");
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/api/v1") ? s : s + "/api/v1");
  }

  private static String defaultNodeId(Map<String, String> env) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + text(env, "PROXY_PG_LISTEN_PORT").orElse("5433");
  }

  /** Empty values count as unset, as in the proxy's own EnvConfig. */
  static Optional<String> text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    int v = nonNegative(env, name, fallback);
    if (v == 0) {
      throw new ConfigException(name + "=0: must be at least 1");
    }
    return v;
  }

  private static int nonNegative(Map<String, String> env, String name, int fallback) {
    Optional<String> value = text(env, name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(value.get());
      if (v < 0) {
        throw new ConfigException(name + "=" + v + ": must not be negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "='" + value.get() + "' is not a whole number");
    }
  }
}
