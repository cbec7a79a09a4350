package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.cluster.ClusterSettings;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyClusterTest {

  private static ClusterSettings cluster(Map<String, String> vars) {
    Map<String, String> env = new HashMap<>(vars);
    env.put("UPSTREAM_PG_HOST", "db");
    return ProxyConfig.fromEnv(env).cluster();
  }

  @Test
  void clusterSeedsAcceptHostPortOrFullAddressAndRejectGarbage() {
    assertEquals(
        "pekko://vetro-proxy@10.0.0.1:25520",
        PolicyCluster.seeds("vetro-proxy", " 10.0.0.1:25520 ,").get(0).toString());
    assertEquals(2, PolicyCluster.seeds("vetro-proxy", "a:1,pekko://vetro-proxy@b:2").size());
    ConfigException e =
        assertThrows(ConfigException.class, () -> PolicyCluster.seeds("vetro-proxy", "justahost"));
    assertTrue(e.getMessage().contains("VETRO_CLUSTER_SEEDS"), e.getMessage());
    ConfigException atStart =
        assertThrows(
            ConfigException.class, () -> cluster(Map.of("VETRO_CLUSTER_SEEDS", "a:1,justahost")));
    assertTrue(atStart.getMessage().contains("VETRO_CLUSTER_SEEDS"), atStart.getMessage());
    assertEquals(
        2, cluster(Map.of("VETRO_CLUSTER_SEEDS", "a:1, pekko://vetro-proxy@b:2")).seeds().size());
  }

  @Test
  void clusterPortComesFromTheEnvironment() {
    assertEquals(
        25599,
        PolicyCluster.config(cluster(Map.of("VETRO_CLUSTER_PORT", "25599")))
            .getInt("pekko.remote.artery.canonical.port"));
    assertEquals(
        "cluster", PolicyCluster.config(cluster(Map.of())).getString("pekko.actor.provider"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> cluster(Map.of("VETRO_CLUSTER_PORT", "70000")));
    assertTrue(e.getMessage().startsWith("VETRO_CLUSTER_PORT"), e.getMessage());
  }
}
