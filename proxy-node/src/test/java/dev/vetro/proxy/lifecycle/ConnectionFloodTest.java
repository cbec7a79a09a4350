package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, the flood tests, against a proxy in its own JVM ({@link ProxyProcess}) so that its CPU
 * time and its log are its own. CPU bounds are generous on purpose: they tell a proxy at rest from
 * one spinning a core (the acceptor took 98% of a core and wrote 3.2 million lines in 22
 * s), they are not a benchmark.
 */
class ConnectionFloodTest {
  private static final int MAX_CONNECTIONS = 20;

  @Test
  void moreIdleConnectionsThanAllowedGet53300AndAreClosedWhileTheProxyStaysQuiet()
      throws Exception {
    try (ProxyProcess proxy =
        ProxyProcess.start(
            0,
            Map.of(
                "PROXY_MAX_CLIENT_CONN",
                String.valueOf(MAX_CONNECTIONS),
                "PROXY_STARTUP_TIMEOUT_SECONDS",
                "3"))) {
      assertServes(proxy); // warm: classes loaded before the window is measured
      int linesBefore = proxy.logLines().size();
      Duration cpuBefore = proxy.cpuTime();
      long start = System.nanoTime();
      List<RawClient> sessions = new ArrayList<>();
      List<Socket> silent = new ArrayList<>();
      try {
        for (int i = 0; i < MAX_CONNECTIONS / 2; i++) {
          RawClient session = new RawClient(proxy.port());
          session.login(PostgresServer.TRUST_USER, "flood-idle-" + UUID.randomUUID());
          sessions.add(session);
        }
        for (int i = 0; i < 300; i++) {
          silent.add(connect(proxy.port()));
        }
        // the last 50 were accepted over the limit: their StartupMessage gets 53300
        for (Socket s : silent.subList(250, 300)) {
          s.getOutputStream()
              .write(
                  RawClient.startupMessage(
                      Map.of("user", PostgresServer.TRUST_USER, "database", "postgres")));
          RawClient.Message answer = readMessage(s.getInputStream());
          assertEquals('E', answer.type());
          assertEquals("53300", answer.fields().get('C'), answer.fields().toString());
        }
        // the silent ones are closed after the startup timeout (FATAL 57014, then the end)
        for (Socket s : silent.subList(0, 250)) {
          s.setSoTimeout(20_000);
          RawClient.Message answer = readMessage(s.getInputStream());
          assertEquals("57014", answer.fields().get('C'), answer.fields().toString());
          assertEquals(-1, s.getInputStream().read(), "then closed");
        }
        // their slots are free again: a normal client connects while the idle sessions stay
        assertServes(proxy);
        for (RawClient session : sessions) {
          session.send(RawClient.query("select 1"));
          List<RawClient.Message> answer = session.readUntil('Z');
          assertEquals('Z', answer.get(answer.size() - 1).type(), "the idle sessions still work");
        }
      } finally {
        for (Socket s : silent) {
          s.close();
        }
        for (RawClient session : sessions) {
          session.close();
        }
      }
      Duration window = Duration.ofNanos(System.nanoTime() - start);
      Duration cpu = proxy.cpuTime().minus(cpuBefore);
      System.out.printf(
          "max-conn flood: proxy CPU %d ms over %d ms%n", cpu.toMillis(), window.toMillis());
      assertTrue(
          cpu.compareTo(window.multipliedBy(3).dividedBy(4)) < 0,
          "proxy CPU " + cpu.toMillis() + " ms over a " + window.toMillis() + " ms window");
      List<String> lines = proxy.logLines();
      List<String> during = lines.subList(linesBefore, lines.size());
      assertTrue(during.size() <= 10, "log lines during the flood: " + during);
    }
  }

  @Test
  void outOfFileDescriptorsTheAcceptorBacksOffLogsACountAndRecovers() throws Exception {
    try (ProxyProcess proxy =
        ProxyProcess.start(256, Map.of("PROXY_STARTUP_TIMEOUT_SECONDS", "2"))) {
      assertServes(proxy);
      // Warm the startup-timeout path: run from target/classes (not a jar, as in production),
      // a class first loaded while no descriptor is left cannot be opened, and Pekko then stops
      // the JVM (jvm-exit-on-fatal-error).
      try (Socket silent = connect(proxy.port())) {
        assertEquals("57014", readMessage(silent.getInputStream()).fields().get('C'));
      }
      int linesBefore = proxy.logLines().size();
      Duration cpuBefore = proxy.cpuTime();
      long start = System.nanoTime();
      List<Socket> flood = new ArrayList<>();
      try {
        for (int i = 0; i < 600; i++) {
          try {
            flood.add(connect(proxy.port())); // beyond what the proxy can accept: the backlog
          } catch (IOException backlogFull) {
            // the kernel's backlog is full too; what is open is flood enough
          }
        }
        assertTrue(flood.size() > 400, "flood connections open: " + flood.size());
        Thread.sleep(8_000); // accept fails, startup timeouts free descriptors, accept fails again
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
      Duration window = Duration.ofNanos(System.nanoTime() - start);
      Duration cpu = proxy.cpuTime().minus(cpuBefore);
      System.out.printf(
          "EMFILE flood: %d connections, proxy CPU %d ms over %d ms%n",
          flood.size(), cpu.toMillis(), window.toMillis());
      List<String> lines = proxy.logLines();
      List<String> during = lines.subList(linesBefore, lines.size());
      long acceptFailures = during.stream().filter(l -> l.contains("accept failed")).count();
      assertTrue(
          during.stream().anyMatch(l -> l.contains("accept failed") && l.contains("occurrence")),
          "the failures were logged with their count: " + during);
      assertTrue(acceptFailures <= 3, "at most one accept-failure line per 10 s: " + during);
      assertTrue(during.size() <= 10, "log lines during the flood: " + during);
      assertTrue(
          cpu.compareTo(window.multipliedBy(3).dividedBy(4)) < 0,
          "proxy CPU " + cpu.toMillis() + " ms over a " + window.toMillis() + " ms window");
      // once the flood is gone, a normal client is served again
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try {
          assertServes(proxy);
          break;
        } catch (SQLException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static RawClient.Message readMessage(InputStream in) throws IOException {
    java.io.DataInputStream data = new java.io.DataInputStream(in);
    char type = (char) data.readUnsignedByte();
    byte[] payload = new byte[data.readInt() - 4];
    data.readFully(payload);
    return new RawClient.Message(type, payload);
  }

  private static void assertServes(ProxyProcess proxy) throws SQLException {
    try (Connection c = DriverManager.getConnection(proxy.jdbcUrl(PostgresServer.TRUST_USER));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 41 + 1")) {
      rs.next();
      assertEquals(42, rs.getInt(1));
    }
  }
}
