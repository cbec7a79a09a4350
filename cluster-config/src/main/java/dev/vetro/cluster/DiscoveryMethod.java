package dev.vetro.cluster;

import java.util.Locale;

/** How a node finds the rest of its cluster. */
public enum DiscoveryMethod {
  /** Static seeds, or the node joins itself when none are given (the single-node default). */
  SEEDS("seeds", null),
  /** Cluster Bootstrap, contact points from the Kubernetes API (pods matching a label selector). */
  KUBERNETES_API("kubernetes-api", "kubernetes-api"),
  /** Cluster Bootstrap, contact points from DNS (A/AAAA records, or SRV with a port name). */
  DNS("dns", "pekko-dns"),
  /** Cluster Bootstrap, contact points from a fixed list of management endpoints. */
  CONFIG("config", "config");

  private final String envValue;
  private final String pekkoMethod;

  DiscoveryMethod(String envValue, String pekkoMethod) {
    this.envValue = envValue;
    this.pekkoMethod = pekkoMethod;
  }

  public String envValue() {
    return envValue;
  }

  /** The Pekko Discovery method name, null for {@link #SEEDS}. */
  String pekkoMethod() {
    return pekkoMethod;
  }

  public boolean bootstraps() {
    return this != SEEDS;
  }

  static DiscoveryMethod parse(String variable, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (DiscoveryMethod m : values()) {
      if (m.envValue.equals(v)) {
        return m;
      }
    }
    throw new ClusterConfigException(
        variable + "='" + value + "' is not one of seeds, kubernetes-api, dns, config");
  }
}
