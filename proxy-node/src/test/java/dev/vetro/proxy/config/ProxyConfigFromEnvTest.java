package dev.vetro.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigFromEnvTest {
  @TempDir Path dir;

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static String problem(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> ProxyConfig.fromEnv(env)).getMessage();
  }

  @Test
  void onlyTheUpstreamHostIsRequiredAndEverythingElseHasItsDocumentedDefault() {
    ProxyConfig c = ProxyConfig.fromEnv(env("UPSTREAM_PG_HOST", "db"));
    assertEquals("0.0.0.0", c.listenHost());
    assertEquals(5433, c.listenPort());
    assertEquals("db", c.upstreamHost());
    assertEquals(5432, c.upstreamPort());
    assertEquals(UpstreamSslMode.DISABLE, c.upstreamSslMode());
    assertEquals(ClientTlsMode.DISABLE, c.clientTlsMode());
    assertEquals(16 * 1024 * 1024, c.maxMessageBytes());
    assertEquals(Duration.ofSeconds(30), c.shutdownDrain());
  }

  @Test
  void everyVariableIsRead() throws Exception {
    Path pem = Files.writeString(dir.resolve("x.pem"), "x");
    ProxyConfig c =
        ProxyConfig.fromEnv(
            env(
                "PROXY_PG_LISTEN_HOST",
                "127.0.0.1",
                "PROXY_PG_LISTEN_PORT",
                "0",
                "UPSTREAM_PG_HOST",
                "db",
                "UPSTREAM_PG_PORT",
                "6543",
                "UPSTREAM_PG_SSLMODE",
                "verify-full",
                "UPSTREAM_PG_SSLROOTCERT",
                pem.toString(),
                "UPSTREAM_PG_SSLCERT",
                pem.toString(),
                "UPSTREAM_PG_SSLKEY",
                pem.toString(),
                "PROXY_TLS_MODE",
                "require",
                "PROXY_TLS_CERT",
                pem.toString(),
                "PROXY_TLS_KEY",
                pem.toString(),
                "PROXY_MAX_MESSAGE_BYTES",
                "4096",
                "PROXY_SHUTDOWN_DRAIN_SECONDS",
                "7"));
    assertEquals(0, c.listenPort());
    assertEquals(6543, c.upstreamPort());
    assertEquals(UpstreamSslMode.VERIFY_FULL, c.upstreamSslMode());
    assertEquals(pem, c.upstreamRootCert().orElseThrow());
    assertEquals(ClientTlsMode.REQUIRE, c.clientTlsMode());
    assertEquals(4096, c.maxMessageBytes());
    assertEquals(Duration.ofSeconds(7), c.shutdownDrain());
  }

  @Test
  void missingUpstreamHostIsNamed() {
    assertTrue(problem(env()).contains("UPSTREAM_PG_HOST is required"));
  }

  @Test
  void unknownSslModeListsTheAcceptedOnes() {
    String p = problem(env("UPSTREAM_PG_HOST", "db", "UPSTREAM_PG_SSLMODE", "prefer"));
    assertTrue(
        p.contains("UPSTREAM_PG_SSLMODE='prefer'") && p.contains("disable, require, verify-full"),
        p);
  }

  @Test
  void nonNumericPortIsNamed() {
    assertTrue(
        problem(env("UPSTREAM_PG_HOST", "db", "UPSTREAM_PG_PORT", "five"))
            .contains("UPSTREAM_PG_PORT='five'"));
  }

  @Test
  void portOutOfRangeIsNamed() {
    assertTrue(
        problem(env("UPSTREAM_PG_HOST", "db", "PROXY_PG_LISTEN_PORT", "70000"))
            .contains("PROXY_PG_LISTEN_PORT=70000 is not a TCP port"));
  }

  @Test
  void clientTlsWithoutCertificateIsRefused() {
    assertTrue(
        problem(env("UPSTREAM_PG_HOST", "db", "PROXY_TLS_MODE", "require"))
            .contains("PROXY_TLS_MODE=require needs PROXY_TLS_CERT and PROXY_TLS_KEY"));
  }

  @Test
  void missingCertificateFileIsNamed() {
    String p =
        problem(
            env(
                "UPSTREAM_PG_HOST",
                "db",
                "PROXY_TLS_MODE",
                "require",
                "PROXY_TLS_CERT",
                "/nonexistent/cert.pem",
                "PROXY_TLS_KEY",
                "/nonexistent/key.pem"));
    assertTrue(p.contains("PROXY_TLS_CERT=/nonexistent/cert.pem: file does not exist"), p);
  }

  @Test
  void clientCertificateWithoutKeyIsRefused() throws Exception {
    Path pem = Files.writeString(dir.resolve("c.pem"), "x");
    assertTrue(
        problem(
                env(
                    "UPSTREAM_PG_HOST",
                    "db",
                    "UPSTREAM_PG_SSLMODE",
                    "require",
                    "UPSTREAM_PG_SSLCERT",
                    pem.toString()))
            .contains("must be set together"));
  }

  @Test
  void messageLimitBelowTheMinimumIsRefused() {
    assertTrue(
        problem(env("UPSTREAM_PG_HOST", "db", "PROXY_MAX_MESSAGE_BYTES", "10"))
            .contains("PROXY_MAX_MESSAGE_BYTES=10 is outside"));
  }

  @Test
  void relaySettingsAreReadAndCheckedWithTheVariableName() {
    ProxyConfig defaults = ProxyConfig.fromEnv(env("UPSTREAM_PG_HOST", "db"));
    assertTrue(defaults.directRelay());
    assertEquals(1, defaults.eventLoops());
    ProxyConfig set =
        ProxyConfig.fromEnv(
            env(
                "UPSTREAM_PG_HOST",
                "db",
                "VETRO_PROXY_DIRECT_RELAY",
                "false",
                "VETRO_PROXY_EVENT_LOOPS",
                "2"));
    assertEquals(false, set.directRelay());
    assertEquals(2, set.eventLoops());
    String p = problem(env("UPSTREAM_PG_HOST", "db", "VETRO_PROXY_DIRECT_RELAY", "maybe"));
    assertTrue(p.startsWith("VETRO_PROXY_DIRECT_RELAY='maybe'"), p);
    String loops = problem(env("UPSTREAM_PG_HOST", "db", "VETRO_PROXY_EVENT_LOOPS", "0"));
    assertTrue(loops.startsWith("VETRO_PROXY_EVENT_LOOPS=0"), loops);
  }

  @Test
  void policySettingsArePartOfTheOneConfig() {
    ProxyConfig c =
        ProxyConfig.fromEnv(
            env(
                "UPSTREAM_PG_HOST",
                "db",
                "PROXY_PG_LISTEN_PORT",
                "6000",
                "VETRO_API_URL",
                "http://api:8080",
                "VETRO_API_KEY",
                "k",
                "VETRO_DATABASE_ID",
                "db1",
                "VETRO_CLUSTER_PORT",
                "25520"));
    assertEquals("http://api:8080/api/v1", c.policy().controlPlane().get().apiRoot().toString());
    assertTrue(c.policy().cached());
    assertTrue(c.policy().nodeId().endsWith(":6000"), c.policy().nodeId());
    assertEquals(25520, c.cluster().port());
    String p = problem(env("UPSTREAM_PG_HOST", "db", "VETRO_EVENT_BUFFER", "lots"));
    assertTrue(p.startsWith("VETRO_EVENT_BUFFER='lots'"), p);
  }

  @Test
  void clientLimitsHaveDocumentedDefaultsAndAreCheckedWithTheVariableName() {
    ClientLimits defaults = ProxyConfig.fromEnv(env("UPSTREAM_PG_HOST", "db")).clientLimits();
    assertEquals(Duration.ofSeconds(10), defaults.startupTimeout());
    assertEquals(Duration.ofSeconds(120), defaults.clientWriteTimeout());
    assertEquals(1000, defaults.maxConnections());
    assertEquals(Duration.ZERO, defaults.idleTimeout(), "the idle timeout is off by default");
    ClientLimits set =
        ProxyConfig.fromEnv(
                env(
                    "UPSTREAM_PG_HOST",
                    "db",
                    "PROXY_STARTUP_TIMEOUT_SECONDS",
                    "0",
                    "PROXY_CLIENT_WRITE_TIMEOUT_SECONDS",
                    "30",
                    "PROXY_MAX_CLIENT_CONN",
                    "50",
                    "PROXY_IDLE_TIMEOUT_SECONDS",
                    "600"))
            .clientLimits();
    assertEquals(Duration.ZERO, set.startupTimeout());
    assertEquals(Duration.ofSeconds(30), set.clientWriteTimeout());
    assertEquals(50, set.maxConnections());
    assertEquals(Duration.ofSeconds(600), set.idleTimeout());
    String zero = problem(env("UPSTREAM_PG_HOST", "db", "PROXY_MAX_CLIENT_CONN", "0"));
    assertTrue(zero.startsWith("PROXY_MAX_CLIENT_CONN=0"), zero);
    String negative =
        problem(env("UPSTREAM_PG_HOST", "db", "PROXY_CLIENT_WRITE_TIMEOUT_SECONDS", "-1"));
    assertTrue(negative.startsWith("PROXY_CLIENT_WRITE_TIMEOUT_SECONDS=-1"), negative);
    String idle = problem(env("UPSTREAM_PG_HOST", "db", "PROXY_IDLE_TIMEOUT_SECONDS", "-5"));
    assertTrue(idle.startsWith("PROXY_IDLE_TIMEOUT_SECONDS=-5"), idle);
  }
}
