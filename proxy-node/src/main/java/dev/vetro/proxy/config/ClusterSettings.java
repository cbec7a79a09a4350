package dev.vetro.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where this node's policy-cache cluster listens and whom it joins, part of {@link ProxyConfig}.
 * Only used when a policy file or control plane is configured (the cache is a sharded entity).
 *
 * @param host {@code VETRO_CLUSTER_HOST} (Artery canonical host name), empty = the config's default
 * @param port {@code VETRO_CLUSTER_PORT}, 0 = a free port, empty = the config's default
 * @param seeds {@code VETRO_CLUSTER_SEEDS}: {@code host:port} or {@code pekko://system@host:port};
 *     empty = the node joins itself
 */
public record ClusterSettings(Optional<String> host, OptionalInt port, List<String> seeds) {
  public ClusterSettings {
    seeds = List.copyOf(seeds);
  }

  public static ClusterSettings none() {
    return new ClusterSettings(Optional.empty(), OptionalInt.empty(), List.of());
  }

  static ClusterSettings read(Env env) {
    OptionalInt port = OptionalInt.empty();
    Optional<String> portText = env.text("VETRO_CLUSTER_PORT");
    if (portText.isPresent()) {
      int p = -1;
      try {
        p = Integer.parseInt(portText.get());
      } catch (NumberFormatException e) {
        // reported below
      }
      if (p < 0 || p > 65535) {
        throw new ConfigException(
            "VETRO_CLUSTER_PORT='"
                + portText.get()
                + "' is not a port (0-65535; 0 = any free port)");
      }
      port = OptionalInt.of(p);
    }
    List<String> seeds = new ArrayList<>();
    for (String raw : env.text("VETRO_CLUSTER_SEEDS").orElse("").split(",")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      if (!s.contains("://") && !s.matches("[^:/@]+:\\d{1,5}")) {
        throw new ConfigException(
            "VETRO_CLUSTER_SEEDS: '" + s + "' is not host:port or pekko://vetro-proxy@host:port");
      }
      seeds.add(s);
    }
    return new ClusterSettings(env.text("VETRO_CLUSTER_HOST"), port, seeds);
  }
}
