package dev.vetro.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * Nodes on different machines can only form a cluster when each advertises an address the others
 * reach: before VETRO_API_CLUSTER_HOST every node announced (and bound) 127.0.0.1, fixed in
 * vetro-api.conf, and another machine's join to it went nowhere.
 */
class ClusterHostTest {

  @Test
  void aNodeAdvertisesTheClusterHostItWasGiven() {
    ApiConfig config =
        ApiConfig.fromEnv(
            Map.of(
                "VETRO_API_PORT",
                "0",
                "VETRO_API_HOST",
                "127.0.0.1",
                "VETRO_API_CLUSTER_HOST",
                "localhost",
                "VETRO_DATA_DIR",
                TestNode.tempDir("vetro-host").toString()));
    ApiServer.Handle node = ApiServer.start(config);
    try {
      Address self = Cluster.get(node.context().system()).selfMember().address();
      assertEquals("localhost", self.getHost().orElseThrow(), self.toString());
    } finally {
      node.shutdown();
    }
  }
}
