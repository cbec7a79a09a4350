package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client does between its StartupMessage and the proxy's upstream connect being up: the
 * upstream hop is still being resolved and connected, so nothing may be written to it yet and
 * closing it must not assume it exists. Each case runs a few times, since the client's next bytes
 * may land before or after the connect.
 */
class BeforeUpstreamConnectTest {
  private static final int ROUNDS = 20;
  static ProxyServer proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyTestSupport.start(b -> b);
  }

  @AfterAll
  static void stop() {
    proxy.shutdown(Duration.ofSeconds(1));
  }

  private static byte[] startup(String app) {
    return RawClient.startupMessage(
        Map.of(
            "user", PostgresServer.TRUST_USER, "database", "vetro_test", "application_name", app));
  }

  @Test
  void clientThatHalfClosesRightAfterItsStartupMessageLeavesNoSessionOpen() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      try (RawClient client = new RawClient(proxy.boundPort())) {
        client.send(startup("half-close-early"));
        client.shutdownOutput();
        client.readToEnd();
      }
    }
    awaitNoOpenConnections();
  }

  @Test
  void clientThatClosesRightAfterItsStartupMessageLeavesNoSessionOpen() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      new RawClient(proxy.boundPort()).send(startup("close-early")).close();
    }
    awaitNoOpenConnections();
  }

  @Test
  void queryWrittenRightAfterTheStartupMessageIsAnsweredAfterTheLogin() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      try (RawClient client = new RawClient(proxy.boundPort())) {
        client.send(startup("pipelined-" + i));
        client.send(RawClient.query("select 41 + " + i));
        List<RawClient.Message> login = client.readUntil('Z');
        assertEquals('Z', login.get(login.size() - 1).type(), "login: " + login);
        List<RawClient.Message> result = client.readUntil('Z');
        assertEquals('T', result.get(0).type(), "result: " + result);
        assertEquals('D', result.get(1).type(), "result: " + result);
        assertEquals(
            String.valueOf(41 + i),
            new String(result.get(1).payload(), 6, result.get(1).payload().length - 6));
      }
    }
    awaitNoOpenConnections();
  }

  private static void awaitNoOpenConnections() throws InterruptedException {
    for (int i = 0; i < 200 && proxy.openConnections() != 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(0, proxy.openConnections(), "client connections the proxy still holds");
  }
}
