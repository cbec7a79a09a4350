package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * pgjdbc moving volume and control through every route: a 10 MB COPY round trip, a 100 MB result
 * streamed through a portal, and a CancelRequest that must reach the right backend.
 */
class JdbcStreamingThroughProxyTest {
  private static final String ROUTES = "dev.vetro.proxy.clients.Route#all";

  /** The heaviest transfers cover each hop and user once instead of the full cross product. */
  private static final String COVERING = "dev.vetro.proxy.clients.Route#covering";

  private static final int COPY_ROWS = 10_000;
  private static final int BIG_ROWS = 100_000;
  private static final int BIG_ROW_WIDTH = 1_000;
  private static ProxyFleet fleet;
  private static byte[] copyData;

  @BeforeAll
  static void startProxies() {
    fleet = ProxyFleet.start();
    copyData = copyText(COPY_ROWS, new Random(20240607));
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void copyInThenCopyOutIsByteExact(Route route) throws Exception {
    try (Connection c = fleet.connect(route)) {
      ServerFacts.assertSessionMatches(c, route);
      try (Statement s = c.createStatement()) {
        s.execute("create temp table copy_t (id int primary key, payload text not null)");
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      long loaded =
          copy.copyIn("copy copy_t (id, payload) from stdin", new ByteArrayInputStream(copyData));
      assertEquals(COPY_ROWS, loaded);
      ByteArrayOutputStream out = new ByteArrayOutputStream(copyData.length);
      long unloaded =
          copy.copyOut("copy (select id, payload from copy_t order by id) to stdout", out);
      assertEquals(COPY_ROWS, unloaded);
      byte[] back = out.toByteArray();
      int firstDifference = Arrays.mismatch(copyData, back);
      assertEquals(
          -1,
          firstDifference,
          "COPY OUT differs from COPY IN at byte "
              + firstDifference
              + " of "
              + copyData.length
              + " (got "
              + back.length
              + " bytes)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(COVERING)
  void hundredMegabyteResultStreamsThroughPortal(Route route) throws Exception {
    long bytes = 0;
    int rows = 0;
    try (Connection c = fleet.connect(route)) {
      c.setAutoCommit(false); // pgjdbc only honours fetchSize inside a transaction
      try (Statement s = c.createStatement()) {
        s.setFetchSize(1_000);
        try (ResultSet rs =
            s.executeQuery(
                "select repeat('x', "
                    + BIG_ROW_WIDTH
                    + ")"
                    + " from generate_series(1, "
                    + BIG_ROWS
                    + ")")) {
          while (rs.next()) {
            bytes += rs.getString(1).length();
            rows++;
          }
        }
      }
      c.commit();
    }
    assertEquals(BIG_ROWS, rows);
    assertEquals((long) BIG_ROWS * BIG_ROW_WIDTH, bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void cancelStopsRunningQueryWithQueryCanceled(Route route) throws Exception {
    try (Connection c = fleet.connect(route);
        Statement s = c.createStatement()) {
      int pid = ServerFacts.backendPid(c);
      CompletableFuture<SQLException> failure =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  s.execute("select pg_sleep(30)");
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      ServerFacts.awaitActive(pid, "pg_sleep(30)", Duration.ofSeconds(10));
      long sent = System.nanoTime();
      s.cancel();
      // pg_sleep(30) only ends early when the CancelRequest reached this backend; the wait is
      // a ceiling for a hung test, not a timing assertion.
      SQLException e = failure.get(25, TimeUnit.SECONDS);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertTrue(e != null, "pg_sleep(30) finished normally: the cancel never arrived");
      assertEquals("57014", e.getSQLState(), e.getMessage() + " (after " + tookMillis + " ms)");
      try (ResultSet rs = s.executeQuery("select 41 + 1")) {
        rs.next();
        assertEquals(42, rs.getInt(1), "the session stays usable after a cancel");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void abortedCopyInFailsCleanlyAndSessionGoesOn(Route route) throws Exception {
    try (Connection c = fleet.connect(route)) {
      try (Statement s = c.createStatement()) {
        s.execute("create temp table copy_abort (id int primary key, payload text not null)");
      }
      CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy copy_abort from stdin");
      byte[] part = Arrays.copyOf(copyData, copyData.length / 4);
      in.writeToCopy(part, 0, part.length);
      // CopyFail: the server must answer with an error and ReadyForQuery, not a hung or dead
      // session.
      in.cancelCopy();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from copy_abort")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "an aborted COPY loads nothing");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(COVERING)
  void valueLargerThanInspectionLimitRoundTripsAsParameterAndColumn(Route route) throws Exception {
    // 20 MiB in one Bind and one DataRow: above the proxy's default 16 MiB inspection limit, far
    // below PostgreSQL's 1 GiB. Bind and DataRow carry no SQL text, so they have to pass.
    byte[] value = new byte[20 * 1024 * 1024];
    new Random(7).nextBytes(value);
    try (Connection c = fleet.connect(route);
        PreparedStatement ps = c.prepareStatement("select ?::bytea, length(?::bytea)")) {
      ps.setBytes(1, value);
      ps.setBytes(2, value);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(value.length, rs.getInt(2));
        assertEquals(-1, Arrays.mismatch(value, rs.getBytes(1)), "bytea came back changed");
      }
    }
  }

  /**
   * COPY text rows whose rendering PostgreSQL reproduces exactly: only canonical escapes
   * (backslash, tab) and multibyte UTF-8, about 1 KB per row.
   */
  static byte[] copyText(int rows, Random random) {
    String[] pieces = {"a", "b", "Z", "0", "7", " ", "\u00e9", "\u20ac", "\\\\", "\\t", "x", "q"};
    StringBuilder text = new StringBuilder(rows * 1_050);
    for (int id = 1; id <= rows; id++) {
      text.append(id).append('\t');
      int length = 900 + random.nextInt(200);
      for (int i = 0; i < length; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
