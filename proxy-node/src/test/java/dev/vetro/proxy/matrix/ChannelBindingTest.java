package dev.vetro.proxy.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.Psql;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCRAM channel binding across a TLS-terminating proxy. The proxy strips -PLUS from the offer; a
 * client that could bind then sends gs2 flag 'y', which a TLS upstream rejects as a downgrade. The
 * proxy answers that case itself with an error that names the fix.
 */
class ChannelBindingTest {
  static ProxyServer tlsBothHops;
  static ProxyServer tlsClientPlainUpstream;
  static ProxyServer plainClientTlsUpstream;

  @BeforeAll
  static void start() {
    tlsBothHops = ProxyTestSupport.start(ClientTlsMode.REQUIRE, UpstreamSslMode.VERIFY_FULL);
    tlsClientPlainUpstream = ProxyTestSupport.start(ClientTlsMode.REQUIRE, UpstreamSslMode.DISABLE);
    plainClientTlsUpstream = ProxyTestSupport.start(ClientTlsMode.DISABLE, UpstreamSslMode.REQUIRE);
  }

  @AfterAll
  static void stop() {
    for (ProxyServer p :
        new ProxyServer[] {tlsBothHops, tlsClientPlainUpstream, plainClientTlsUpstream}) {
      p.shutdown(Duration.ofSeconds(1));
    }
  }

  private static String scram(ProxyServer proxy, String sslmode) {
    return ProxyTestSupport.libpq(proxy, PostgresServer.SCRAM_USER, sslmode);
  }

  @Test
  void psqlWithDefaultChannelBindingOverTlsHopsGetsFatalNamingTheFix() {
    ProcessRunner.Result result = Psql.run(scram(tlsBothHops, "verify-full"), "select 1");
    assertNotEquals(0, result.exitCode());
    assertTrue(
        result.stderr().contains("channel binding cannot pass through the proxy"),
        result.describe());
    assertTrue(result.stderr().contains("channel_binding=disable"), result.describe());
  }

  @Test
  void pgjdbcWithDefaultChannelBindingOverTlsHopsGetsFatalNamingTheFix() {
    SQLException e =
        assertThrows(
            SQLException.class,
            () ->
                ProxyTestSupport.connect(tlsBothHops, PostgresServer.SCRAM_USER, "verify-full")
                    .close());
    assertEquals("08P01", e.getSQLState());
    assertTrue(e.getMessage().contains("channel_binding=disable"), e.getMessage());
  }

  @Test
  void psqlRequiringChannelBindingIsNotOfferedPlusThroughTerminatedTls() {
    // The upstream offers SCRAM-SHA-256-PLUS (its hop is TLS); the client must not see it, so
    // libpq itself refuses before sending anything it could not complete.
    ProcessRunner.Result result =
        Psql.run(scram(tlsBothHops, "verify-full") + " channel_binding=require", "select 1");
    assertNotEquals(0, result.exitCode());
    assertTrue(
        result
            .stderr()
            .contains(
                "server did not offer an authentication method that supports channel binding"),
        result.describe());
  }

  @Test
  void psqlWithChannelBindingDisabledLogsInOverTlsHops() {
    ProcessRunner.Result result =
        Psql.run(
            scram(tlsBothHops, "verify-full") + " channel_binding=disable", "select current_user");
    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(PostgresServer.SCRAM_USER, result.stdout().strip());
  }

  @Test
  void psqlWithDefaultChannelBindingLogsInWhenOnlyTheClientHopIsTls() {
    // A plain upstream has no channel binding to protect, so it accepts the 'y' flag.
    ProcessRunner.Result result =
        Psql.run(scram(tlsClientPlainUpstream, "verify-full"), "select current_user");
    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(PostgresServer.SCRAM_USER, result.stdout().strip());
  }

  @Test
  void psqlWithDefaultChannelBindingLogsInOverPlainClientHopToTlsUpstream() {
    ProcessRunner.Result result =
        Psql.run(scram(plainClientTlsUpstream, "disable"), "select current_user");
    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(PostgresServer.SCRAM_USER, result.stdout().strip());
  }
}
