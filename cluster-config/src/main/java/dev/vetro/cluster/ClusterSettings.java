package dev.vetro.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;

/**
 * The cluster settings of one node, read once from the environment ({@link #fromEnv}); the
 * variables of both node kinds are listed in cluster-config/README.md.
 *
 * @param host the address other nodes reach this one at (Artery binds to it too)
 * @param port Artery port; 0 picks a free one (only right for a node nobody has to find)
 * @param seeds static seed addresses; empty with {@link DiscoveryMethod#SEEDS} = join itself
 * @param discovery how the node finds the others
 * @param serviceName what discovery looks up: the label value (Kubernetes), the DNS name, or the
 *     service of the config list
 * @param requiredContacts contact points Cluster Bootstrap waits for before forming a new cluster
 * @param managementHost / managementPort where Pekko Management serves the bootstrap routes
 * @param configEndpoints management endpoints ({@code host:port}) for {@link
 *     DiscoveryMethod#CONFIG}
 * @param podLabelSelector Kubernetes label selector ({@code %s} = service name)
 * @param podNamespace Kubernetes namespace; empty = the service account's
 * @param dnsPortName SRV port name; empty = A/AAAA records and the management port
 */
public record ClusterSettings(
    NodeKind kind,
    String host,
    int port,
    List<Address> seeds,
    DiscoveryMethod discovery,
    String serviceName,
    int requiredContacts,
    String managementHost,
    int managementPort,
    List<String> configEndpoints,
    String podLabelSelector,
    Optional<String> podNamespace,
    Optional<String> dnsPortName) {

  public ClusterSettings {
    seeds = List.copyOf(seeds);
    configEndpoints = List.copyOf(configEndpoints);
    if (discovery.bootstraps() && !seeds.isEmpty()) {
      throw new ClusterConfigException(
          kind.seedsVariable()
              + " and "
              + kind.variable("DISCOVERY")
              + "="
              + discovery.envValue()
              + " exclude each other: give seeds or a discovery method");
    }
    if (discovery == DiscoveryMethod.CONFIG && configEndpoints.isEmpty()) {
      throw new ClusterConfigException(
          kind.variable("DISCOVERY")
              + "=config needs "
              + kind.variable("CONFIG_ENDPOINTS")
              + " (management host:port of every node)");
    }
  }

  /**
   * A single node that joins itself on a free port on 127.0.0.1: tests and the embedded default.
   */
  public static ClusterSettings local(NodeKind kind) {
    return fromEnv(Map.of(), kind);
  }

  public static ClusterSettings fromEnv(Map<String, String> env, NodeKind kind) {
    String host = text(env, kind.variable("HOST")).orElse("127.0.0.1");
    DiscoveryMethod discovery =
        text(env, kind.variable("DISCOVERY"))
            .map(v -> DiscoveryMethod.parse(kind.variable("DISCOVERY"), v))
            .orElse(DiscoveryMethod.SEEDS);
    return new ClusterSettings(
        kind,
        host,
        port(env, kind.variable("PORT"), 0),
        parseSeeds(kind, text(env, kind.seedsVariable()).orElse("")),
        discovery,
        text(env, kind.variable("SERVICE_NAME")).orElse(kind.systemName()),
        positive(env, kind.variable("REQUIRED_CONTACTS"), 2),
        text(env, kind.variable("MANAGEMENT_HOST")).orElse(host),
        port(env, kind.variable("MANAGEMENT_PORT"), kind.defaultManagementPort()),
        list(text(env, kind.variable("CONFIG_ENDPOINTS")).orElse("")),
        text(env, kind.variable("K8S_POD_LABEL_SELECTOR")).orElse("app=%s"),
        text(env, kind.variable("K8S_NAMESPACE")),
        text(env, kind.variable("DNS_PORT_NAME")));
  }

  public ClusterSettings withAddress(String newHost, int newPort) {
    return new ClusterSettings(
        kind,
        newHost,
        newPort,
        seeds,
        discovery,
        serviceName,
        requiredContacts,
        managementHost,
        managementPort,
        configEndpoints,
        podLabelSelector,
        podNamespace,
        dnsPortName);
  }

  public ClusterSettings withSeeds(List<Address> newSeeds) {
    return new ClusterSettings(
        kind,
        host,
        port,
        newSeeds,
        discovery,
        serviceName,
        requiredContacts,
        managementHost,
        managementPort,
        configEndpoints,
        podLabelSelector,
        podNamespace,
        dnsPortName);
  }

  /** One line for the start log: how this node joins. */
  public String describe() {
    return switch (discovery) {
      case SEEDS ->
          seeds.isEmpty()
              ? "cluster: single node at " + host + ":" + port + " (no seeds)"
              : "cluster: " + host + ":" + port + ", seeds " + seeds;
      default ->
          "cluster: "
              + host
              + ":"
              + port
              + ", bootstrap by "
              + discovery.envValue()
              + " discovery of '"
              + serviceName
              + "' (management "
              + managementHost
              + ":"
              + managementPort
              + ", "
              + requiredContacts
              + " contact points to form a new cluster)";
    };
  }

  /**
   * Seeds as {@code host:port} or full {@code pekko://system@host:port} URIs, comma separated. A
   * URI naming another system is refused: it could never join.
   */
  public static List<Address> parseSeeds(NodeKind kind, String spec) {
    List<Address> out = new ArrayList<>();
    for (String s : list(spec)) {
      String uri = s.contains("://") ? s : "pekko://" + kind.systemName() + "@" + s;
      Address a;
      try {
        a = AddressFromURIString.parse(uri);
      } catch (Exception e) { // Scala throws the checked MalformedURLException undeclared
        throw badSeed(kind, s, e.getMessage());
      }
      if (a.host().isEmpty() || a.port().isEmpty()) {
        throw badSeed(kind, s, "no host:port");
      }
      if (!a.system().equals(kind.systemName())) {
        throw badSeed(kind, s, "the system name must be " + kind.systemName());
      }
      out.add(a);
    }
    return out;
  }

  private static ClusterConfigException badSeed(NodeKind kind, String seed, String why) {
    return new ClusterConfigException(
        kind.seedsVariable()
            + ": '"
            + seed
            + "' is not host:port or pekko://"
            + kind.systemName()
            + "@host:port ("
            + why
            + ")");
  }

  static List<String> list(String spec) {
    List<String> out = new ArrayList<>();
    for (String raw : spec.split(",")) {
      String s = raw.strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  static Optional<String> text(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static int port(Map<String, String> env, String name, int dflt) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int p = Integer.parseInt(v.get());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new ClusterConfigException(
        name + "='" + v.get() + "' is not a port (0-65535; 0 = any free port)");
  }

  private static int positive(Map<String, String> env, String name, int dflt) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new ClusterConfigException(name + "='" + v.get() + "' must be a whole number >= 1");
  }
}
