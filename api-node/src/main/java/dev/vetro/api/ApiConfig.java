package dev.vetro.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one api node, read from the environment (the names are the public interface).
 *
 * @param journalUrl a PostgreSQL JDBC URL; empty means the embedded H2 file in {@code dataDir}
 * @param clusterPort Artery port; 0 picks a free one (a single node needs no fixed port)
 * @param clusterHost the host name or address other nodes reach this one at (Artery binds to it
 *     too)
 * @param seedNodes cluster seed addresses; empty means the node joins itself
 * @param retentionSweep how often expired decision history is deleted
 */
public record ApiConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> journalUrl,
    String journalUser,
    String journalPassword,
    int clusterPort,
    String clusterHost,
    List<String> seedNodes,
    Duration retentionSweep,
    int kdfIterations) {

  public static final int MIN_KDF_ITERATIONS = 600_000;

  /** Enough for nodes on one machine; nodes on several need {@code VETRO_API_CLUSTER_HOST}. */
  public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";

  public ApiConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("VETRO_API_PORT must be 0..65535, got " + port);
    }
    if (clusterHost == null || clusterHost.isBlank()) {
      throw new IllegalArgumentException("VETRO_API_CLUSTER_HOST must not be empty");
    }
    if (kdfIterations < MIN_KDF_ITERATIONS) {
      throw new IllegalArgumentException(
          "password hashing needs at least "
              + MIN_KDF_ITERATIONS
              + " PBKDF2 iterations, got "
              + kdfIterations);
    }
  }

  public static ApiConfig fromEnv(Map<String, String> env) {
    return new ApiConfig(
        env.getOrDefault("VETRO_API_HOST", "0.0.0.0"),
        intVar(env, "VETRO_API_PORT", 8080),
        Path.of(env.getOrDefault("VETRO_DATA_DIR", "./.vetro/data")),
        Optional.ofNullable(blankToNull(env.get("VETRO_JOURNAL_URL"))),
        env.getOrDefault("VETRO_JOURNAL_USER", ""),
        env.getOrDefault("VETRO_JOURNAL_PASSWORD", ""),
        intVar(env, "VETRO_API_CLUSTER_PORT", 0),
        env.getOrDefault("VETRO_API_CLUSTER_HOST", DEFAULT_CLUSTER_HOST).strip(),
        splitList(env.get("VETRO_API_SEED_NODES")),
        Duration.ofSeconds(intVar(env, "VETRO_RETENTION_SWEEP_SECONDS", 3600)),
        intVar(env, "VETRO_KDF_ITERATIONS", MIN_KDF_ITERATIONS));
  }

  /** Embedded defaults on a free port in {@code dataDir}; what tests start from. */
  public static ApiConfig embedded(Path dataDir) {
    return new ApiConfig(
        "127.0.0.1",
        0,
        dataDir,
        Optional.empty(),
        "",
        "",
        0,
        DEFAULT_CLUSTER_HOST,
        List.of(),
        Duration.ofHours(1),
        MIN_KDF_ITERATIONS);
  }

  public ApiConfig withJournal(String url, String user, String password) {
    return new ApiConfig(
        host,
        port,
        dataDir,
        Optional.of(url),
        user,
        password,
        clusterPort,
        clusterHost,
        seedNodes,
        retentionSweep,
        kdfIterations);
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(
        host,
        newPort,
        dataDir,
        journalUrl,
        journalUser,
        journalPassword,
        clusterPort,
        clusterHost,
        seedNodes,
        retentionSweep,
        kdfIterations);
  }

  /**
   * Joins the cluster through these nodes ({@code pekko://vetro-api@host:port}) instead of itself.
   */
  public ApiConfig withSeedNodes(List<String> seeds) {
    return new ApiConfig(
        host,
        port,
        dataDir,
        journalUrl,
        journalUser,
        journalPassword,
        clusterPort,
        clusterHost,
        List.copyOf(seeds),
        retentionSweep,
        kdfIterations);
  }

  public ApiConfig withClusterPort(int newClusterPort) {
    return new ApiConfig(
        host,
        port,
        dataDir,
        journalUrl,
        journalUser,
        journalPassword,
        newClusterPort,
        clusterHost,
        seedNodes,
        retentionSweep,
        kdfIterations);
  }

  public ApiConfig withClusterHost(String newClusterHost) {
    return new ApiConfig(
        host,
        port,
        dataDir,
        journalUrl,
        journalUser,
        journalPassword,
        clusterPort,
        newClusterHost,
        seedNodes,
        retentionSweep,
        kdfIterations);
  }

  private static int intVar(Map<String, String> env, String name, int dflt) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
    }
  }

  private static List<String> splitList(String v) {
    if (blankToNull(v) == null) {
      return List.of();
    }
    return List.of(v.trim().split("\\s*,\\s*"));
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
