package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * What the server itself says about a session, read directly (not through the proxy), so a test
 * proves a route was really taken rather than trusting the client's view of it.
 */
final class ServerFacts {
  private ServerFacts() {}

  /**
   * The session logged in as the route's user and its upstream hop is encrypted exactly when asked.
   */
  static void assertSessionMatches(Connection throughProxy, Route route) throws SQLException {
    try (Statement s = throughProxy.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_user,"
                    + " coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)")) {
      rs.next();
      assertEquals(route.user(), rs.getString(1), "logged-in role");
      assertEquals(
          route.upstream().encrypted(), rs.getBoolean(2), "upstream hop encrypted (pg_stat_ssl)");
    }
  }

  static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Waits until the backend runs a statement containing {@code fragment}, so a cancel sent next
   * hits a running query instead of racing it.
   */
  static void awaitActive(int pid, String fragment, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String sql =
        "select count(*) from pg_stat_activity where pid = "
            + pid
            + " and state = 'active' and position('"
            + fragment.replace("'", "''")
            + "' in query) > 0";
    while (System.nanoTime() < deadline) {
      List<List<String>> rows = ProxyFleet.pg().execAsSuperuser(sql);
      if ("1".equals(rows.get(0).get(0))) {
        return;
      }
      Thread.sleep(50);
    }
    fail(
        "backend "
            + pid
            + " never ran '"
            + fragment
            + "' within "
            + timeout
            + "; pg_stat_activity: "
            + ProxyFleet.pg()
                .execAsSuperuser("select state, query from pg_stat_activity where pid = " + pid));
  }

  /** Last lines of the server log, to put into failure messages of out-of-process clients. */
  static String serverLogTail() {
    return "\n--- postgres log tail ---\n" + ProxyFleet.pg().logTail(3000);
  }
}
