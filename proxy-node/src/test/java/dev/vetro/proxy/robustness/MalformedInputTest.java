package dev.vetro.proxy.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes end their own connection with a precise FATAL ErrorResponse (where the protocol allows
 * one) and nothing else.
 */
class MalformedInputTest {
  static ProxyServer proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyTestSupport.start(b -> b.maxMessageBytes(64 * 1024));
  }

  @AfterAll
  static void stop() {
    proxy.shutdown(Duration.ofSeconds(1));
  }

  private static RawClient.Message onlyFatal(List<RawClient.Message> received) {
    assertEquals(
        1, received.size(), "exactly one message, then the connection closes: " + received);
    RawClient.Message error = received.get(0);
    assertEquals('E', error.type());
    assertEquals("FATAL", error.fields().get('S'));
    return error;
  }

  private static RawClient.Message fatalAfter(byte[] bytes) throws Exception {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.send(bytes);
      return onlyFatal(client.readToEnd());
    }
  }

  private static RawClient.Message fatalAfterLogin(String app, byte[] bytes) throws Exception {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, app);
      client.send(bytes);
      return onlyFatal(client.readToEnd());
    }
  }

  private static byte[] header(char type, int length) {
    return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
  }

  @Test
  void httpRequestInsteadOfStartupIsRefusedAsOversizedPacket() throws Exception {
    RawClient.Message e =
        fatalAfter("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("54000", e.fields().get('C'));
    assertTrue(
        e.fields().get('M').contains("startup packet declares length 1195725856"),
        e.fields().toString());
  }

  @Test
  void startupPacketShorterThanItsHeaderIsAProtocolViolation() throws Exception {
    RawClient.Message e = fatalAfter(new byte[] {0, 0, 0, 4, 0, 3, 0, 0});
    assertEquals("08P01", e.fields().get('C'));
    assertTrue(e.fields().get('M').contains("below the minimum of 8"), e.fields().toString());
  }

  @Test
  void unknownStartupRequestCodeIsAProtocolViolation() throws Exception {
    RawClient.Message e =
        fatalAfter(ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 9999).array());
    assertEquals("08P01", e.fields().get('C'));
    assertTrue(e.fields().get('M').contains("1234/9999"), e.fields().toString());
  }

  @Test
  void typedMessageWithLengthBelowFourEndsTheSessionAndItsBackend() throws Exception {
    String app = "short-" + UUID.randomUUID();
    RawClient.Message e = fatalAfterLogin(app, header('Q', 3));
    assertEquals("08P01", e.fields().get('C'));
    assertTrue(
        e.fields().get('M').contains("declares length 3, below the minimum of 4"),
        e.fields().toString());
    awaitNoBackend(app);
  }

  @Test
  void unknownFrontendMessageTypeIsAProtocolViolation() throws Exception {
    RawClient.Message e = fatalAfterLogin("unknown-" + UUID.randomUUID(), header('z', 4));
    assertEquals("08P01", e.fields().get('C'));
    assertTrue(
        e.fields().get('M').contains("unknown frontend message type"), e.fields().toString());
  }

  @Test
  void queryAboveTheLimitIsRefusedBeforeItIsBuffered() throws Exception {
    String app = "huge-" + UUID.randomUUID();
    RawClient.Message e = fatalAfterLogin(app, header('Q', 20_000_000));
    assertEquals("54000", e.fields().get('C'));
    assertTrue(
        e.fields().get('M').contains("of 20000000 bytes exceeds the limit of 65536"),
        e.fields().toString());
    awaitNoBackend(app);
  }

  @Test
  void messageCutShortByTheClientClosingIsReported() throws Exception {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "truncated");
      client.send(header('Q', 100)).send(new byte[10]);
      client.shutdownOutput();
      RawClient.Message e = onlyFatal(client.readToEnd());
      assertEquals("08P01", e.fields().get('C'));
      assertTrue(
          e.fields().get('M').contains("connection closed in the middle of a message"),
          e.fields().toString());
    }
  }

  @Test
  void gssEncRequestIsDeclinedAndTheStartupGoesOn() throws Exception {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.send(ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 5680).array());
      assertEquals('N', client.readByte());
      List<RawClient.Message> login = client.login(PostgresServer.TRUST_USER, "after-gss");
      assertEquals('Z', login.get(login.size() - 1).type());
    }
  }

  @Test
  void sslRequestOnAPlainProxyIsDeclinedAndTheStartupGoesOn() throws Exception {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.send(ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 5679).array());
      assertEquals('N', client.readByte());
      List<RawClient.Message> login = client.login(PostgresServer.TRUST_USER, "after-ssl-n");
      assertEquals('Z', login.get(login.size() - 1).type());
    }
  }

  @Test
  void plaintextSentRightAfterSslRequestIsRejected() throws Exception {
    ProxyServer tls =
        ProxyServer.start(ProxyTestSupport.withClientTls(ProxyTestSupport.config()).build());
    try (RawClient client = new RawClient(tls.boundPort())) {
      byte[] ssl = ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 5679).array();
      byte[] startup = RawClient.startupMessage(Map.of("user", PostgresServer.TRUST_USER));
      client.send(ByteBuffer.allocate(ssl.length + startup.length).put(ssl).put(startup).array());
      RawClient.Message e = onlyFatal(client.readToEnd());
      assertEquals("08P01", e.fields().get('C'));
      assertTrue(
          e.fields().get('M').contains("received unencrypted data after SSL request"),
          e.fields().toString());
    } finally {
      tls.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void largeUninspectedMessagesStreamThroughRegardlessOfTheLimit() throws Exception {
    // Bind parameters and DataRows are not inspected, so the 64 KiB limit does not apply.
    try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
        PreparedStatement p = c.prepareStatement("select length(?::bytea), md5(?::bytea)")) {
      byte[] big = new byte[5 * 1024 * 1024];
      new java.util.Random(7).nextBytes(big);
      p.setBytes(1, big);
      p.setBytes(2, big);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertEquals(big.length, rs.getInt(1));
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select repeat('x', 20000000)")) {
        rs.next();
        assertEquals(20_000_000, rs.getString(1).length());
      }
    }
  }

  @Test
  void pgjdbcQueryAboveTheLimitGetsProgramLimitExceeded() throws Exception {
    try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
        Statement s = c.createStatement()) {
      String sql = "select '" + "y".repeat(100_000) + "'";
      SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
      assertEquals("54000", e.getSQLState(), e.getMessage());
    }
  }

  private static void awaitNoBackend(String app) throws InterruptedException {
    String sql = "select count(*) from pg_stat_activity where application_name = '" + app + "'";
    for (int i = 0;
        i < 200 && !ProxyTestSupport.pg().execAsSuperuser(sql).get(0).get(0).equals("0");
        i++) {
      Thread.sleep(25);
    }
    assertEquals(
        "0", ProxyTestSupport.pg().execAsSuperuser(sql).get(0).get(0), "backend of " + app);
  }
}
