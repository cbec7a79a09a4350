package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VETRO_POLICY_FILE on a single-node cluster, as a standalone proxy runs it. */
class FilePolicySourceTest {
  // one node per test: sharding keeps the entity factory of the first wiring on a system
  private ActorSystem<Void> node;
  @TempDir Path dir;

  @AfterEach
  void stopNode() {
    TestNodes.terminate(node);
  }

  private Map<String, String> env(Path file) {
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", file.toString());
    env.put("VETRO_DATABASE_ID", "file-db-" + file.getFileName());
    env.put("VETRO_DATA_DIR", dir.toString());
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");
    return env;
  }

  private static void write(Path file, long version, String mode, long mtimeSeconds)
      throws Exception {
    Files.writeString(
        file, "{\"schema_version\":1,\"version\":" + version + ",\"mode\":\"" + mode + "\"}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeSeconds * 1000));
  }

  @Test
  void editedFileReachesTheSnapshotWithoutRestart() throws Exception {
    Path file = dir.resolve("a.json");
    write(file, 1, "enforce", 1_000);
    node = TestNodes.clustered(Map.of());
    try (PolicyWiring wiring = TestNodes.wiring(env(file), node)) {
      PolicySnapshot first = wiring.policySource().current();
      assertEquals(1, first.version());
      assertTrue(first.origin().startsWith("file:"), first.origin());
      assertTrue(wiring.startupSummary().contains("policy: file:"), wiring.startupSummary());

      write(file, 2, "observe", 2_000);
      TestNodes.eventually(
          "version 2 in the snapshot",
          Duration.ofSeconds(20),
          () -> wiring.policySource().current().version() == 2);
      assertEquals(CompiledPolicy.Mode.OBSERVE, wiring.policySource().current().policy().mode());
    }
  }

  @Test
  void brokenFileKeepsTheLastGoodPolicyUntilItIsFixed() throws Exception {
    Path file = dir.resolve("b.json");
    write(file, 5, "enforce", 1_000);
    node = TestNodes.clustered(Map.of());
    try (PolicyWiring wiring = TestNodes.wiring(env(file), node)) {
      Files.writeString(
          file, "{\"schema_version\":1,\"version\":6,\"mode\":\"enforc"); // half-written
      Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
      // the entity has looked at the broken file at least twice by the time two refreshes passed
      Thread.sleep(2_500);
      assertEquals(5, wiring.policySource().current().version());

      write(file, 7, "enforce", 3_000);
      TestNodes.eventually(
          "fixed file picked up",
          Duration.ofSeconds(20),
          () -> wiring.policySource().current().version() == 7);
    }
  }

  @Test
  void nodeSystemWithoutClusterConfigIsRefusedRatherThanGivenASecondSystem() throws Exception {
    Path file = dir.resolve("own.json");
    write(file, 1, "enforce", 1_000);
    node = TestNodes.plain(); // provider local: a cache entity cannot be sharded in it
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TestNodes.wiring(env(file), node));
    assertTrue(
        e.getMessage().contains("PolicyCluster.config")
            && e.getMessage().contains("NodeWiring.fromConfig"),
        e.getMessage());
  }

  @Test
  void unusableFileAtStartIsAConfigErrorNamingTheProblem() throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"mode\":\"enforce\",\"rules\":{\"VETRO-999\":{}}}");
    node = TestNodes.plain(); // refused before anything reaches the cluster
    ConfigException e =
        assertThrows(ConfigException.class, () -> TestNodes.wiring(env(file), node));
    assertTrue(
        e.getMessage().startsWith("VETRO_POLICY_FILE") && e.getMessage().contains("VETRO-999"),
        e.getMessage());

    ConfigException missing =
        assertThrows(
            ConfigException.class, () -> TestNodes.wiring(env(dir.resolve("nope.json")), node));
    assertTrue(missing.getMessage().contains("nope.json"), missing.getMessage());
  }

  @Test
  void withoutFileOrApiTheDefaultCatalogIsEnforcedAndTheStartLineSaysSo() {
    Map<String, String> env =
        Map.of("VETRO_DATA_DIR", dir.toString(), "VETRO_HEARTBEAT_SECONDS", "3600");
    node = TestNodes.plain(); // nothing to fetch: no cache entity
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      assertEquals("default catalog", wiring.policySource().current().origin());
      assertEquals(CompiledPolicy.Mode.ENFORCE, wiring.policySource().current().policy().mode());
      assertTrue(
          wiring
              .startupSummary()
              .startsWith("policy: default catalog (no VETRO_POLICY_FILE or VETRO_API_URL"),
          wiring.startupSummary());
    }
  }
}
