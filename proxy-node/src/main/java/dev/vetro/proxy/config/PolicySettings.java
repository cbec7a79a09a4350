package dev.vetro.proxy.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the policy cache, decision events and heartbeat, part of {@link ProxyConfig}.
 *
 * @param policyFile standalone policy, or empty
 * @param controlPlane the control plane, or empty (exclusive with {@code policyFile})
 */
public record PolicySettings(
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
    String nodeId,
    boolean defaultCatalogWhenUnavailable) {

  public static final String DEFAULT_DATABASE_ID = "default";

  /** Whether a policy cache entity runs (a file or the control plane), which needs the cluster. */
  public boolean cached() {
    return policyFile.isPresent() || controlPlane.isPresent();
  }

  /** For tests in this package: the policy part of an environment alone. */
  static PolicySettings fromEnv(Map<String, String> env) {
    return read(new Env(env), "5433");
  }

  static PolicySettings read(Env env, String listenPort) {
    Optional<Path> file = env.text("VETRO_POLICY_FILE").map(Path::of);
    Optional<String> apiUrl = env.text("VETRO_API_URL");
    if (file.isPresent() && apiUrl.isPresent()) {
      throw new ConfigException(
          "VETRO_POLICY_FILE and VETRO_API_URL are both set: a proxy takes its policy"
              + " from one place; unset one of them");
    }
    Optional<ControlPlane> api = Optional.empty();
    if (apiUrl.isPresent()) {
      String key =
          env.text("VETRO_API_KEY")
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "VETRO_API_URL is set but VETRO_API_KEY is not: the control plane needs the proxy's API key"));
      String db =
          env.text("VETRO_DATABASE_ID")
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "VETRO_API_URL is set but VETRO_DATABASE_ID is not: say which database this proxy protects"));
      api = Optional.of(new ControlPlane(apiBase(apiUrl.get()), key, db));
    }
    Path dataDir = Path.of(env.text("VETRO_DATA_DIR").orElse("./.vetro/proxy"));
    int batch = env.positive("VETRO_EVENT_BATCH", 500);
    if (batch > ControlPlane.MAX_EVENTS_PER_BATCH) {
      throw new ConfigException(
          "VETRO_EVENT_BATCH="
              + batch
              + " is more than the control plane accepts in one"
              + " batch ("
              + ControlPlane.MAX_EVENTS_PER_BATCH
              + ")");
    }
    return new PolicySettings(
        env.text("VETRO_DATABASE_ID").orElse(DEFAULT_DATABASE_ID),
        file,
        api,
        dataDir,
        env.text("VETRO_DECISION_LOG").map(Path::of).orElse(dataDir.resolve("decisions.jsonl")),
        Duration.ofSeconds(env.positive("VETRO_POLICY_REFRESH_SECONDS", 5)),
        Duration.ofSeconds(env.positive("VETRO_HEARTBEAT_SECONDS", 15)),
        Duration.ofSeconds(env.nonNegative("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", 5)),
        env.positive("VETRO_EVENT_BUFFER", 10_000),
        batch,
        env.text("VETRO_NODE_ID").orElseGet(() -> defaultNodeId(listenPort)),
        policyUnavailable(env));
  }

  /**
   * {@code VETRO_POLICY_UNAVAILABLE}: what a node with a control plane does while it has neither a
   * fetched policy nor a last-known-good copy. {@code refuse} (default): new sessions get a FATAL
   * naming the control plane, /readyz is false. {@code default_catalog}: enforce the default rule
   * catalog meanwhile (the behaviour before fail-closed, for those who choose availability).
   */
  private static boolean policyUnavailable(Env env) {
    String v = env.text("VETRO_POLICY_UNAVAILABLE").orElse("refuse");
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "refuse" -> false;
      case "default_catalog" -> true;
      default ->
          throw new ConfigException(
              "VETRO_POLICY_UNAVAILABLE='" + v + "' is not refuse or default_catalog");
    };
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

  private static String defaultNodeId(String listenPort) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + listenPort;
  }
}
