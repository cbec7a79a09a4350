package dev.vetro.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyMainTest {

  private static String stderrOf(Runnable r) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badConfigurationExitsWithCodeTwoAndOneLineNamingTheVariable() {
    int[] code = new int[1];
    String err =
        stderrOf(
            () ->
                code[0] =
                    ProxyMain.run(
                        Map.of("UPSTREAM_PG_HOST", "db", "UPSTREAM_PG_SSLMODE", "maybe")));
    assertEquals(ProxyMain.EXIT_CONFIG, code[0]);
    assertTrue(
        err.startsWith("vetro proxy: configuration error: UPSTREAM_PG_SSLMODE='maybe'"), err);
    assertEquals(1, err.strip().lines().count(), "no stack trace: " + err);
  }

  @Test
  void portAlreadyInUseExitsWithCodeOneNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int[] code = new int[1];
      String err =
          stderrOf(
              () ->
                  code[0] =
                      ProxyMain.run(
                          Map.of(
                              "UPSTREAM_PG_HOST",
                              "db",
                              "PROXY_PG_LISTEN_HOST",
                              "127.0.0.1",
                              "PROXY_PG_LISTEN_PORT",
                              Integer.toString(taken.getLocalPort()))));
      assertEquals(ProxyMain.EXIT_START, code[0]);
      assertTrue(err.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), err);
    }
  }
}
