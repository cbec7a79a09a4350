package dev.vetro.cluster;

/**
 * The two kinds of node and the names their cluster variables use. Proxies and api nodes form
 * separate clusters (different trust zones talk over HTTP with keys, never by membership), so each
 * kind has its own actor system name, variable prefix and management port.
 */
public enum NodeKind {
  /** Proxy fleet: {@code VETRO_CLUSTER_*}, seeds in {@code VETRO_CLUSTER_SEEDS}. */
  PROXY("vetro-proxy", "VETRO_CLUSTER_", "VETRO_CLUSTER_SEEDS", 8558),
  /** Control plane: {@code VETRO_API_CLUSTER_*}, seeds in {@code VETRO_API_SEED_NODES}. */
  API("vetro-api", "VETRO_API_CLUSTER_", "VETRO_API_SEED_NODES", 8559);

  private final String systemName;
  private final String prefix;
  private final String seedsVariable;
  private final int defaultManagementPort;

  NodeKind(String systemName, String prefix, String seedsVariable, int defaultManagementPort) {
    this.systemName = systemName;
    this.prefix = prefix;
    this.seedsVariable = seedsVariable;
    this.defaultManagementPort = defaultManagementPort;
  }

  /**
   * The ActorSystem name; part of every cluster address ({@code pekko://vetro-proxy@host:port}).
   */
  public String systemName() {
    return systemName;
  }

  /** The environment variable {@code suffix} for this kind, e.g. {@code VETRO_CLUSTER_HOST}. */
  public String variable(String suffix) {
    return prefix + suffix;
  }

  public String seedsVariable() {
    return seedsVariable;
  }

  /** Distinct per kind so that {@code all-in-one} can run both with discovery in one process. */
  public int defaultManagementPort() {
    return defaultManagementPort;
  }
}
