package dev.vetro.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void noVariablesMeansASingleNodeOnAFreeLoopbackPort() {
    ClusterSettings s = ClusterSettings.fromEnv(Map.of(), NodeKind.PROXY);
    assertEquals("127.0.0.1", s.host());
    assertEquals(0, s.port());
    assertTrue(s.seeds().isEmpty());
    assertEquals(DiscoveryMethod.SEEDS, s.discovery());
    Config c = ClusterConfig.of(s);
    assertEquals("cluster", c.getString("pekko.actor.provider"));
    assertEquals(
        "keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertEquals(
        "jackson-cbor",
        c.getConfig("pekko.actor.serialization-bindings")
            .getString("\"dev.vetro.cluster.ClusterMessage\""));
  }

  @Test
  void eachNodeKindReadsItsOwnVariables() {
    Map<String, String> env =
        Map.of(
            "VETRO_CLUSTER_HOST", "10.0.0.5",
            "VETRO_CLUSTER_PORT", "25520",
            "VETRO_CLUSTER_SEEDS", "10.0.0.5:25520, pekko://vetro-proxy@10.0.0.6:25520",
            "VETRO_API_CLUSTER_PORT", "25530",
            "VETRO_API_SEED_NODES", "10.0.0.7:25530");
    ClusterSettings proxy = ClusterSettings.fromEnv(env, NodeKind.PROXY);
    ClusterSettings api = ClusterSettings.fromEnv(env, NodeKind.API);
    assertEquals("10.0.0.5", proxy.host());
    assertEquals(25520, proxy.port());
    assertEquals(2, proxy.seeds().size());
    assertEquals("pekko://vetro-proxy@10.0.0.6:25520", proxy.seeds().get(1).toString());
    assertEquals("127.0.0.1", api.host());
    assertEquals(25530, api.port());
    assertEquals(
        List.of("pekko://vetro-api@10.0.0.7:25530"),
        api.seeds().stream().map(Object::toString).toList());
    assertEquals(8558, proxy.managementPort());
    assertEquals(8559, api.managementPort());
    assertEquals(25520, ClusterConfig.of(proxy).getInt("pekko.remote.artery.canonical.port"));
  }

  @Test
  void badValuesAreRefusedWithTheVariableName() {
    var e =
        assertThrows(
            ClusterConfigException.class,
            () -> ClusterSettings.fromEnv(Map.of("VETRO_CLUSTER_PORT", "seventy"), NodeKind.PROXY));
    assertTrue(e.getMessage().startsWith("VETRO_CLUSTER_PORT="), e.getMessage());
    e =
        assertThrows(
            ClusterConfigException.class,
            () ->
                ClusterSettings.fromEnv(
                    Map.of("VETRO_CLUSTER_SEEDS", "pekko://vetro-api@h:1"), NodeKind.PROXY));
    assertTrue(e.getMessage().contains("vetro-proxy"), e.getMessage());
    e =
        assertThrows(
            ClusterConfigException.class,
            () ->
                ClusterSettings.fromEnv(
                    Map.of("VETRO_CLUSTER_DISCOVERY", "consul"), NodeKind.PROXY));
    assertTrue(e.getMessage().startsWith("VETRO_CLUSTER_DISCOVERY="), e.getMessage());
    e =
        assertThrows(
            ClusterConfigException.class,
            () ->
                ClusterSettings.fromEnv(
                    Map.of("VETRO_CLUSTER_DISCOVERY", "dns", "VETRO_CLUSTER_SEEDS", "h:1"),
                    NodeKind.PROXY));
    assertTrue(e.getMessage().contains("exclude each other"), e.getMessage());
  }

  @Test
  void kubernetesDiscoveryConfiguresBootstrapAndTheLabelSelector() {
    ClusterSettings s =
        ClusterSettings.fromEnv(
            Map.of(
                "VETRO_CLUSTER_DISCOVERY", "kubernetes-api",
                "VETRO_CLUSTER_SERVICE_NAME", "vetro-proxy",
                "VETRO_CLUSTER_REQUIRED_CONTACTS", "3",
                "VETRO_CLUSTER_K8S_NAMESPACE", "db"),
            NodeKind.PROXY);
    Config c = ClusterConfig.of(s);
    String p = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("kubernetes-api", c.getString(p + "discovery-method"));
    assertEquals("vetro-proxy", c.getString(p + "service-name"));
    assertEquals(3, c.getInt(p + "required-contact-point-nr"));
    assertEquals("app=%s", c.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
    assertEquals("db", c.getString("pekko.discovery.kubernetes-api.pod-namespace"));
  }

  @Test
  void dnsDiscoveryUsesPekkoDnsWithTheServiceNameAndOptionalSrvPortName() {
    ClusterSettings s =
        ClusterSettings.fromEnv(
            Map.of(
                "VETRO_CLUSTER_DISCOVERY", "dns",
                "VETRO_CLUSTER_SERVICE_NAME", "vetro-proxy.db.svc.cluster.local",
                "VETRO_CLUSTER_DNS_PORT_NAME", "management"),
            NodeKind.PROXY);
    Config c = ClusterConfig.of(s);
    String p = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("pekko-dns", c.getString(p + "discovery-method"));
    assertEquals("vetro-proxy.db.svc.cluster.local", c.getString(p + "service-name"));
    assertEquals("management", c.getString(p + "port-name"));
    assertFalse(c.hasPath("pekko.discovery.config.services"));
  }
}
