package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.RawClient.Message;
import dev.vetro.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL text is read in the session's client_encoding, as the server reads it. */
class ClientEncodingEnforcementTest {
  private static final String TABLE = "enforce_encoding";
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); INSERT INTO "
                + TABLE
                + " VALUES (1), (2); GRANT ALL ON "
                + TABLE
                + " TO "
                + PostgresServer.TRUST_USER);
    proxy =
        TestPolicies.proxy(
            new TestPolicies.SwappablePolicy(TestPolicies.ENFORCE_DEFAULTS),
            new TestPolicies.RecordingSink());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /**
   * In SJIS, 0x95 0x5C is one character whose second byte is a backslash. Read as UTF-8, the
   * backslash would escape the quote and hide the DELETE inside a string; the server sees it.
   */
  @Test
  void sjisTrailByteBackslashDoesNotHideAStatementFromTheJudge() throws IOException {
    try (RawClient client = login("SJIS")) {
      ByteArrayOutputStream sql = new ByteArrayOutputStream();
      sql.writeBytes("SELECT E'".getBytes(StandardCharsets.US_ASCII));
      sql.write(0x95);
      sql.write(0x5C);
      sql.writeBytes(("'; DELETE FROM " + TABLE + "; --'").getBytes(StandardCharsets.US_ASCII));
      sql.write(0);
      List<Message> answer = untilReady(client.send(RawClient.typed('Q', sql.toByteArray())));
      assertEquals("EZ", types(answer));
      assertEquals("42501", answer.get(0).fields().get('C'));
    }
    assertEquals(
        List.of(List.of("2")),
        ProxyTestSupport.pg().execAsSuperuser("SELECT count(*) FROM " + TABLE));
  }

  @Test
  void latin1SessionRunsAccentedTextAndGetsTheBlockErrorInLatin1() throws IOException {
    Charset latin1 = StandardCharsets.ISO_8859_1;
    try (RawClient client = login("LATIN1")) {
      List<Message> ok = untilReady(client.send(query("SELECT 'caf\u00e9'", latin1)));
      assertEquals(
          "TDCZ", types(ok), "an accented letter in LATIN1 is ordinary text, not a broken session");
      assertEquals("caf\u00e9", new String(ok.get(1).payload(), 6, 4, latin1));
      List<Message> blocked =
          untilReady(client.send(query("DELETE FROM " + TABLE + " -- d\u00e9j\u00e0", latin1)));
      assertEquals("EZ", types(blocked));
      assertTrue(new String(blocked.get(0).payload(), latin1).contains("blocked by VETRO-001"));
      // A server error with an accented message in LATIN1 passes through untouched.
      List<Message> real =
          untilReady(client.send(query("SELECT * FROM \"tabl\u00e9_absent\"", latin1)));
      assertEquals("42P01", real.get(0).fields().get('C'));
      assertTrue(new String(real.get(0).payload(), latin1).contains("tabl\u00e9_absent"));
    }
  }

  private static byte[] query(String sql, Charset charset) {
    byte[] text = sql.getBytes(charset);
    byte[] payload = new byte[text.length + 1];
    System.arraycopy(text, 0, payload, 0, text.length);
    return RawClient.typed('Q', payload);
  }

  private static RawClient login(String encoding) throws IOException {
    RawClient client = new RawClient(proxy.boundPort());
    client.send(
        RawClient.startupMessage(
            Map.of(
                "user",
                PostgresServer.TRUST_USER,
                "database",
                PostgresServer.DATABASE,
                "client_encoding",
                encoding)));
    List<Message> startup = untilReady(client);
    assertEquals('Z', startup.get(startup.size() - 1).type());
    return client;
  }

  private static List<Message> untilReady(RawClient client) throws IOException {
    List<Message> got = new ArrayList<>();
    Message m;
    do {
      m = client.read();
      got.add(m);
    } while (m.type() != 'Z');
    return got;
  }

  private static String types(List<Message> messages) {
    return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
  }
}
