package dev.vetro.proxy.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every password-based auth method relayed through every combination of client hop and upstream
 * hop, with pgjdbc. The server side proves what happened: current_user is the role that logged in,
 * and pg_stat_ssl shows whether the upstream hop is encrypted.
 */
class AuthMatrixJdbcTest {
  private static final Map<ClientTlsMode, Map<UpstreamSslMode, ProxyServer>> proxies =
      new EnumMap<>(ClientTlsMode.class);

  static Stream<Arguments> combinations() {
    List<Arguments> out = new ArrayList<>();
    for (ClientTlsMode client : ClientTlsMode.values()) {
      for (UpstreamSslMode upstream : UpstreamSslMode.values()) {
        for (String user :
            List.of(
                PostgresServer.TRUST_USER,
                PostgresServer.PASSWORD_USER,
                PostgresServer.MD5_USER,
                PostgresServer.SCRAM_USER)) {
          out.add(Arguments.of(client, upstream, user));
        }
      }
    }
    return out.stream();
  }

  private static synchronized ProxyServer proxy(ClientTlsMode client, UpstreamSslMode upstream) {
    return proxies
        .computeIfAbsent(client, c -> new EnumMap<>(UpstreamSslMode.class))
        .computeIfAbsent(upstream, u -> ProxyTestSupport.start(client, upstream));
  }

  @AfterAll
  static void stopAll() {
    proxies.values().forEach(m -> m.values().forEach(p -> p.shutdown(Duration.ofSeconds(1))));
  }

  @ParameterizedTest(name = "client {0}, upstream {1}, {2}")
  @MethodSource("combinations")
  void userLogsInAndQueriesThroughProxy(ClientTlsMode client, UpstreamSslMode upstream, String user)
      throws Exception {
    ProxyServer proxy = proxy(client, upstream);
    String sslmode = client == ClientTlsMode.REQUIRE ? "verify-full" : "disable";
    String url = ProxyTestSupport.jdbcUrl(proxy, user, sslmode);
    if (client == ClientTlsMode.REQUIRE && upstream.encrypted()) {
      // A channel-binding capable client cannot bind through a TLS-terminating hop (see
      // ChannelBindingTest); this is the documented client setting for that topology.
      url += "&channelBinding=disable";
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_user, coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)")) {
      rs.next();
      assertEquals(user, rs.getString(1));
      assertEquals(upstream.encrypted(), rs.getBoolean(2), "upstream hop encrypted");
    }
  }
}
