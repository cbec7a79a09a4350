package dev.vetro.proxy.clients;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One proxy per (client hop, upstream hop) pair in front of the shared PostgreSQL, started once per
 * test class, plus the connection settings each kind of client needs to reach a route.
 */
public final class ProxyFleet implements AutoCloseable {
  private final Map<String, ProxyServer> proxies = new LinkedHashMap<>();

  private ProxyFleet() {}

  /**
   * Starts all four hop pairs (client plain/TLS x upstream plain/verify-full), and plain/plain once
   * more with the direct relay off (the stream relay with plain hops).
   */
  public static ProxyFleet start() {
    ProxyFleet fleet = new ProxyFleet();
    try {
      for (ClientTlsMode client : ClientTlsMode.values()) {
        for (UpstreamSslMode upstream : Route.UPSTREAMS) {
          fleet.proxies.put(key(client, upstream, false), ProxyTestSupport.start(client, upstream));
        }
      }
      fleet.proxies.put(
          key(ClientTlsMode.DISABLE, UpstreamSslMode.DISABLE, true),
          ProxyTestSupport.start(b -> b.directRelay(false)));
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private static String key(ClientTlsMode client, UpstreamSslMode upstream, boolean stream) {
    return client.envValue() + "/" + upstream.envValue() + (stream ? "/stream" : "");
  }

  public static PostgresServer pg() {
    return ProxyTestSupport.pg();
  }

  public ProxyServer proxy(Route route) {
    ProxyServer proxy = proxies.get(key(route.client(), route.upstream(), route.stream()));
    if (proxy == null) {
      throw new IllegalArgumentException("no proxy started for " + route);
    }
    return proxy;
  }

  public int port(Route route) {
    return proxy(route).boundPort();
  }

  public String jdbcUrl(Route route) {
    String url = ProxyTestSupport.jdbcUrl(proxy(route), route.user(), route.sslmode());
    return route.needsChannelBindingDisabled() ? url + "&channelBinding=disable" : url;
  }

  public Connection connect(Route route) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(route));
  }

  /** pgjdbc URL with extra parameters, e.g. {@code prepareThreshold=1}. */
  public Connection connect(Route route, String extraParams) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(route) + "&" + extraParams);
  }

  /** libpq key/value string (psql, psycopg). */
  public String libpqDsn(Route route) {
    String dsn = ProxyTestSupport.libpq(proxy(route), route.user(), route.sslmode());
    return route.needsChannelBindingDisabled() ? dsn + " channel_binding=disable" : dsn;
  }

  /** libpq environment (pgbench, psql, node via PG* variables). */
  public Map<String, String> libpqEnv(Route route) {
    Map<String, String> env = new LinkedHashMap<>(pg().libpqEnv(route.user(), route.sslmode()));
    env.put("PGPORT", Integer.toString(port(route)));
    env.put("PGCHANNELBINDING", route.needsChannelBindingDisabled() ? "disable" : "prefer");
    env.put("PGCONNECT_TIMEOUT", "10");
    return env;
  }

  @Override
  public void close() {
    proxies.values().forEach(p -> p.shutdown(Duration.ofSeconds(1)));
    proxies.clear();
  }
}
