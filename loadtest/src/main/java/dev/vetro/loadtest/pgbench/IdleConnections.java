package dev.vetro.loadtest.pgbench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Opens many authenticated, idle pgjdbc sessions through an endpoint and holds them. */
final class IdleConnections implements AutoCloseable {
  private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

  static IdleConnections open(Endpoint endpoint, String password, int count) throws Exception {
    IdleConnections idle = new IdleConnections();
    String url =
        "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    Properties props = new Properties();
    props.setProperty("user", endpoint.user());
    props.setProperty("password", password);
    props.setProperty("sslmode", "disable");
    props.setProperty("tcpKeepAlive", "false");
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> opened = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        opened.add(
            pool.submit(
                () -> {
                  Connection c = DriverManager.getConnection(url, props);
                  // One round trip each, so every session has passed startup and sits idle at
                  // ReadyForQuery.
                  try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                  }
                  idle.connections.add(c);
                  return null;
                }));
      }
      for (Future<?> f : opened) {
        f.get();
      }
    } catch (Exception e) {
      idle.close();
      throw e;
    } finally {
      pool.shutdownNow();
    }
    return idle;
  }

  int size() {
    return connections.size();
  }

  @Override
  public void close() {
    synchronized (connections) {
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing is best effort; the proxy and server notice the socket going away
        }
      }
      connections.clear();
    }
  }
}
