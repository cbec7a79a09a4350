package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane as policy source, over real HTTP, on a single-node cluster. */
class ApiPolicySourceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestControlPlane api;
  private ActorSystem<Void> node;
  @TempDir Path dataDir;

  @BeforeEach
  void start() throws Exception {
    api = TestControlPlane.startOnFreePort();
  }

  @AfterEach
  void stop() {
    TestNodes.terminate(node);
    api.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = api.env("db-1", dataDir);
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");
    return env;
  }

  @Test
  void unchangedPolicyIsRevalidatedWithIfNoneMatchAndAnswered304() throws Exception {
    node = TestNodes.clustered(Map.of());
    try (PolicyWiring wiring = TestNodes.wiring(env(), node)) {
      assertTrue(
          wiring.policySource().current().origin().startsWith("api "),
          wiring.policySource().current().origin());
      TestNodes.eventually("two 304 answers", WAIT, () -> api.policy304.get() >= 2);
      assertEquals(
          1, api.policy200.get(), "the body is sent once while the policy does not change");
      assertEquals("", api.policyIfNoneMatch.get(0), "the first fetch has no ETag to offer");
      assertEquals("\"v1-postgres\"", api.policyIfNoneMatch.get(1));

      api.publish("observe", "{}");
      TestNodes.eventually(
          "version 2 reaches the snapshot",
          WAIT,
          () -> wiring.policySource().current().version() == 2);
      assertEquals(CompiledPolicy.Mode.OBSERVE, wiring.policySource().current().policy().mode());
      assertEquals(2, api.policy200.get());
    }
  }

  @Test
  void outageKeepsEnforcingTheLastKnownGoodAndAChangeArrivesWhenTheApiIsBack() throws Exception {
    node = TestNodes.clustered(Map.of());
    api.publish("enforce", "{\"VETRO-050\":{\"enabled\":true,\"action\":\"block\"}}");
    try (PolicyWiring wiring = TestNodes.wiring(env(), node)) {
      assertEquals(2, wiring.policySource().current().version());
      api.stop();
      Thread.sleep(3_000); // several refresh intervals against a refused port
      assertEquals(2, wiring.policySource().current().version());
      assertTrue(
          wiring.policySource().current().policy().actionFor("VETRO-050", "app").isPresent(),
          "the policy kept is the fetched one, not the default catalog");

      api.publish("enforce", "{}");
      api.start();
      TestNodes.eventually(
          "version 3 after the outage", WAIT, () -> wiring.policySource().current().version() == 3);
    }
  }

  @Test
  void restartDuringAnOutageEnforcesThePersistedPolicy() throws Exception {
    node = TestNodes.clustered(Map.of());
    api.publish("observe", "{}");
    try (PolicyWiring wiring = TestNodes.wiring(env(), node)) {
      TestNodes.eventually(
          "version 2 persisted",
          WAIT,
          () -> Files.exists(new PolicyStore(dataDir).fileFor("db-1")));
      assertEquals(2, wiring.policySource().current().version());
    }
    TestNodes.terminate(node);
    api.stop();

    node = TestNodes.clustered(Map.of());
    Map<String, String> env = env();
    env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "0");
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      PolicySnapshot snapshot = wiring.policySource().current();
      assertEquals(2, snapshot.version());
      assertEquals(CompiledPolicy.Mode.OBSERVE, snapshot.policy().mode());
      assertTrue(snapshot.origin().startsWith("last-known-good "), snapshot.origin());

      // back online with the same revision: the stored ETag earns a 304 and the origin turns live
      int bodiesBefore = api.policy200.get();
      api.start();
      TestNodes.eventually(
          "origin live again",
          WAIT,
          () -> wiring.policySource().current().origin().startsWith("api "));
      assertEquals(
          bodiesBefore,
          api.policy200.get(),
          "no body needed: the persisted ETag was still current");
    }
  }

  @Test
  void unreachableApiWithNothingPersistedFailsClosedUntilTheApiAnswers() throws Exception {
    api.stop();
    node = TestNodes.clustered(Map.of());
    Map<String, String> env = env();
    env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "1");
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      String reason = wiring.policyProblem().orElseThrow();
      assertTrue(reason.contains("has not provided a policy"), reason);
      assertTrue(reason.contains(api.env("db-1", dataDir).get("VETRO_API_URL")), reason);
      api.start();
      TestNodes.eventually(
          "a policy once the API answers", WAIT, () -> wiring.policyProblem().isEmpty());
      assertTrue(wiring.policySource().current().origin().startsWith("api "));
    }
  }

  @Test
  void optingIntoTheDefaultCatalogStartsOnItWhileTheApiIsUnreachable() throws Exception {
    api.stop();
    node = TestNodes.clustered(Map.of());
    Map<String, String> env = env();
    env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "1");
    env.put("VETRO_POLICY_UNAVAILABLE", "default_catalog");
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      assertTrue(wiring.policyProblem().isEmpty());
      assertTrue(
          wiring.policySource().current().origin().startsWith("default catalog (until api"),
          wiring.policySource().current().origin());
      assertTrue(
          wiring.startupSummary().contains("default catalog (until api"), wiring.startupSummary());
      api.start();
      TestNodes.eventually(
          "first policy once the API answers",
          WAIT,
          () -> wiring.policySource().current().origin().startsWith("api "));
    }
  }

  @Test
  void wrongKeyKeepsThePolicyAndNeverReplacesItWithAnError() throws Exception {
    node = TestNodes.clustered(Map.of());
    Map<String, String> env = env();
    env.put("VETRO_API_KEY", "wrong");
    env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "1");
    try (PolicyWiring wiring = TestNodes.wiring(env, node)) {
      TestNodes.eventually("a few refused fetches", WAIT, () -> api.refusedAuth.get() >= 3);
      // never had a policy: the node fails closed rather than guessing one
      assertTrue(wiring.policyProblem().isPresent(), wiring.policySource().current().origin());
      assertEquals(0, api.policy200.get());
    }
  }
}
