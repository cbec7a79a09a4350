package dev.vetro.proxy.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.Psql;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
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

/** The same matrix as {@link AuthMatrixJdbcTest}, with libpq (psql 15) as the client. */
class AuthMatrixPsqlTest {
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
  void psqlLogsInAndQueriesThroughProxy(
      ClientTlsMode client, UpstreamSslMode upstream, String user) {
    ProxyServer proxy = proxy(client, upstream);
    String sslmode = client == ClientTlsMode.REQUIRE ? "verify-full" : "disable";
    String dsn = ProxyTestSupport.libpq(proxy, user, sslmode);
    if (client == ClientTlsMode.REQUIRE && upstream.encrypted()) {
      dsn += " channel_binding=disable"; // see ChannelBindingTest for what happens without it
    }
    ProcessRunner.Result result =
        Psql.run(
            dsn,
            "select current_user || ',' || coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)");
    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(user + "," + upstream.encrypted(), result.stdout().strip());
  }
}
