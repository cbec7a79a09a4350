package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Debian's psycopg2 and psycopg 3 (both on libpq 15) through the proxy. */
class PsycopgThroughProxyTest {
  private static final String ROUTES = "dev.vetro.proxy.clients.Route#covering";
  private static final int CURSOR_ROWS = 50_000;
  private static final int COPY_ROWS = 5_000;
  private static final int PIPELINED_INSERTS = 500;
  private static ProxyFleet fleet;
  private static Path python;

  @BeforeAll
  static void startProxies() {
    python = Tools.debianPython();
    fleet = ProxyFleet.start();
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void psycopg2CopiesStreamsCursorAndRecoversFromErrorAndCancel(Route route) {
    int a = 11 + route.slug().length();
    ProcessRunner.Result result =
        run(
            route,
            "python/psycopg2_session.py",
            Integer.toString(a),
            Integer.toString(CURSOR_ROWS),
            Integer.toString(COPY_ROWS));
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);
    Map<String, String> got = ClientScripts.keyValues(result.stdout());

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("client_tls", Boolean.toString(route.clientTls()));
    expected.put("user", route.user());
    expected.put("upstream_ssl", Boolean.toString(route.upstream().encrypted()));
    expected.put("doubled", Integer.toString(2 * a));
    expected.put("echo", "h\u00e9llo \u20ac");
    expected.put("copy_rows", Integer.toString(COPY_ROWS));
    expected.put("copy_bytes_sent", Long.toString(copyBytes(COPY_ROWS)));
    expected.put("copy_equal", "true");
    expected.put("server_cursor_open", "1");
    expected.put("cursor_rows", Integer.toString(CURSOR_ROWS));
    expected.put("cursor_sum", Long.toString((long) CURSOR_ROWS * (CURSOR_ROWS + 1) / 2));
    expected.put("error_code", "22012");
    expected.put(
        "in_failed_tx_code", "25P02"); // the proxy must keep the backend's failed-transaction state
    expected.put("after_error", Integer.toString(a + 1));
    expected.put("cancel_code", "57014");
    expected.put("after_cancel", Integer.toString(a + 2));
    expected.put("done", "true");
    assertEquals(expected, got, context);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void psycopg3PipelineModeRunsManyStatementsBeforeOneSync(Route route) {
    ProcessRunner.Result result =
        run(route, "python/psycopg3_pipeline.py", Integer.toString(PIPELINED_INSERTS));
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("pipeline_supported", "true");
    expected.put("client_tls", Boolean.toString(route.clientTls()));
    expected.put("user", route.user());
    expected.put("pipeline_selects", "10,20,30,40,50");
    expected.put("pipeline_rows", Integer.toString(PIPELINED_INSERTS));
    expected.put("pipeline_sum", Integer.toString(PIPELINED_INSERTS * (PIPELINED_INSERTS + 1) / 2));
    expected.put("pipeline_error", "22012");
    expected.put("after_pipeline_error", "42");
    expected.put("done", "true");
    assertEquals(expected, ClientScripts.keyValues(result.stdout()), context);
  }

  /** The size of the COPY text psycopg2_session.py builds, computed independently. */
  private static long copyBytes(int rows) {
    long bytes = 0;
    for (int i = 1; i <= rows; i++) {
      String line = i + "\tpayload-" + i + "-" + "\u00e9\u20ac\\\\xy\\t".repeat(i % 97) + "\n";
      bytes += line.getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }

  private static ProcessRunner.Result run(Route route, String script, String... args) {
    String[] command = new String[args.length + 2];
    command[0] = python.toString();
    command[1] = ClientScripts.path(script).toString();
    System.arraycopy(args, 0, command, 2, args.length);
    return ProcessRunner.of(command)
        .env("VETRO_DSN", fleet.libpqDsn(route) + " connect_timeout=10")
        .env("PYTHONIOENCODING", "utf-8")
        .timeout(Duration.ofSeconds(90))
        .run();
  }
}
