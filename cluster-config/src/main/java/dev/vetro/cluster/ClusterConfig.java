package dev.vetro.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Pekko config of a node's cluster part: {@code vetro-cluster.conf} with one node's {@link
 * ClusterSettings} laid over it. Put it in front of the node's own config: {@code
 * ClusterConfig.of(settings).withFallback(nodeConfig)}.
 */
public final class ClusterConfig {
  public static final String RESOURCE = "vetro-cluster.conf";

  private ClusterConfig() {}

  /** The shared file alone. */
  public static Config shared() {
    Config base = ConfigFactory.parseResources(ClusterConfig.class.getClassLoader(), RESOURCE);
    if (base.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " is missing from the class path");
    }
    return base;
  }

  public static Config of(ClusterSettings s) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    values.put("pekko.remote.artery.canonical.hostname", s.host());
    values.put("pekko.remote.artery.canonical.port", s.port());
    values.put("pekko.management.http.hostname", s.managementHost());
    values.put("pekko.management.http.port", s.managementPort());
    if (s.discovery().bootstraps()) {
      String p = "pekko.management.cluster.bootstrap.contact-point-discovery.";
      values.put(p + "service-name", s.serviceName());
      values.put(p + "discovery-method", s.discovery().pekkoMethod());
      values.put(p + "required-contact-point-nr", s.requiredContacts());
      s.dnsPortName().ifPresent(name -> values.put(p + "port-name", name));
      values.put("pekko.discovery.method", s.discovery().pekkoMethod());
      values.put("pekko.discovery.kubernetes-api.pod-label-selector", s.podLabelSelector());
      s.podNamespace()
          .ifPresent(ns -> values.put("pekko.discovery.kubernetes-api.pod-namespace", ns));
      if (s.discovery() == DiscoveryMethod.CONFIG) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (String e : s.configEndpoints()) {
          endpoints.add(endpoint(s, e));
        }
        values.put(
            "pekko.discovery.config.services." + quoted(s.serviceName()) + ".endpoints", endpoints);
        // The list names each node's management port; filtering on one fallback port would keep
        // only the nodes that happen to use this node's port (all of them on one host).
        values.put(
            "pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
      }
    }
    Config overrides = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      overrides = overrides.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return overrides.withFallback(shared());
  }

  private static Map<String, Object> endpoint(ClusterSettings s, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String variable = s.kind().variable("CONFIG_ENDPOINTS");
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new ClusterConfigException(variable + ": '" + hostPort + "' is not host:port");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      return Map.of("host", hostPort.substring(0, colon), "port", port);
    } catch (NumberFormatException e) {
      throw new ClusterConfigException(variable + ": '" + hostPort + "' is not host:port");
    }
  }

  private static String quoted(String key) {
    return "\"" + key.replace("\"", "") + "\"";
  }
}
