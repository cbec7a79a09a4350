package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * node-postgres (npm {@code pg} 8.x, its own JS protocol implementation, not libpq) through the
 * proxy.
 */
class NodePgThroughProxyTest {
  private static ProxyFleet fleet;
  private static Tools.NodePg node;

  @BeforeAll
  static void startProxies() {
    node = Tools.nodeWithPg();
    fleet = ProxyFleet.start();
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vetro.proxy.clients.Route#covering")
  void sessionRunsQueriesTransactionAndSurvivesAnError(Route route) {
    int a = 6 + route.slug().length();
    int b = 7;
    ProcessRunner.Result result =
        ProcessRunner.of(
                node.node().toString(),
                ClientScripts.path("node/session.js").toString(),
                Integer.toString(a),
                Integer.toString(b))
            .env(node.env())
            .env(fleet.libpqEnv(route))
            .env("VETRO_CLIENT_TLS", Boolean.toString(route.clientTls()))
            .timeout(Duration.ofSeconds(60))
            .run();
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("client_tls", Boolean.toString(route.clientTls()));
    expected.put("user", route.user());
    expected.put("upstream_ssl", Boolean.toString(route.upstream().encrypted()));
    expected.put("product", Integer.toString(a * b));
    expected.put("echo", "h\u00e9llo \u20ac");
    expected.put("named_sum", Integer.toString((a + b) + (2 * a + b)));
    expected.put("tx_rows", Integer.toString(b)); // the rolled-back insert of a is gone
    expected.put("error_code", "22012");
    expected.put("after_error", Integer.toString(a + 1));
    expected.put("done", "true");
    assertEquals(expected, ClientScripts.keyValues(result.stdout()), context);
  }
}
