package dev.vetro.proxy.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Throws byte soup at the listener over many connections while a real pgjdbc session keeps querying
 * through the same proxy. Every soup connection must be closed by the proxy (no hang), the real
 * session must never fail, and the heap must not grow with the soup.
 */
class ByteSoupTest {
  private static final int SOUP_CONNECTIONS = 400;
  private static final long SEED = Long.getLong("vetro.soup.seed", System.nanoTime());

  @Test
  void byteSoupOnManyConnectionsLeavesRealSessionsServedAndHeapBounded() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b.maxMessageBytes(64 * 1024));
    ExecutorService pool = Executors.newFixedThreadPool(5);
    AtomicBoolean souping = new AtomicBoolean(true);
    AtomicInteger realQueries = new AtomicInteger();
    try {
      long heapBefore = usedHeapAfterGc();
      Future<?> real =
          pool.submit(
              () -> {
                try (Connection c =
                        ProxyTestSupport.connect(proxy, PostgresServer.SCRAM_USER, "disable");
                    Statement s = c.createStatement()) {
                  while (souping.get()) {
                    try (ResultSet rs =
                        s.executeQuery("select count(*) from generate_series(1, 100)")) {
                      rs.next();
                      assertEquals(100, rs.getInt(1));
                      realQueries.incrementAndGet();
                    }
                  }
                }
                return null;
              });
      List<Future<?>> soup = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      for (int t = 0; t < 4; t++) {
        long threadSeed = SEED + t;
        soup.add(
            pool.submit(
                () -> {
                  Random random = new Random(threadSeed);
                  for (int i = next.getAndIncrement();
                      i < SOUP_CONNECTIONS;
                      i = next.getAndIncrement()) {
                    pourSoup(proxy.boundPort(), random, i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : soup) {
        f.get(5, TimeUnit.MINUTES);
      }
      souping.set(false);
      real.get(1, TimeUnit.MINUTES);
      assertTrue(realQueries.get() > 0, "the real session ran queries during the soup");

      try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select 1")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "a new session after the soup");
      }
      awaitOpenConnections(proxy, 0);
      long growth = usedHeapAfterGc() - heapBefore;
      assertTrue(
          growth < 64L * 1024 * 1024,
          "heap grew by " + growth + " bytes after the soup (seed " + SEED + ")");
    } finally {
      souping.set(false);
      pool.shutdownNow();
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  /** One connection's worth of garbage; returns when the proxy has closed the connection. */
  private static void pourSoup(int port, Random random, int i) throws IOException {
    byte[] poured = null;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      byte[] soup =
          switch (i % 7) {
            case 0 -> randomBytes(random, 1 + random.nextInt(4096));
            case 1 ->
                concat(
                    ByteBuffer.allocate(4).putInt(random.nextInt()).array(),
                    randomBytes(random, random.nextInt(64)));
            case 2 ->
                concat(
                    ByteBuffer.allocate(8).putInt(8 + random.nextInt(200)).putInt(3 << 16).array(),
                    randomBytes(random, random.nextInt(100)));
            case 3 ->
                concat(
                    ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 5679).array(),
                    randomBytes(random, random.nextInt(512)));
            case 4 -> concat(login(), typedSoup(random));
            case 5 ->
                concat(
                    login(),
                    ByteBuffer.allocate(5)
                        .put((byte) "QPFpSBd".charAt(random.nextInt(7)))
                        .putInt(random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(8))
                        .array());
            default ->
                concat(
                    ByteBuffer.allocate(8).putInt(8).putInt((1234 << 16) | 5678).array(),
                    randomBytes(random, random.nextInt(16)));
          };
      poured = soup;
      socket.getOutputStream().write(soup);
      // A soup that is a valid prefix (e.g. a Bind header announcing more bytes) legitimately
      // waits for the rest, with or without a proxy; the end of input makes every soup final.
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[8192];
      while (in.read(sink) >= 0) {
        // drain until the proxy closes; a hang fails on the socket timeout
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError(
          "the proxy kept soup connection "
              + i
              + " (kind "
              + (i % 7)
              + ") open after "
              + java.util.HexFormat.of().formatHex(poured, 0, Math.min(poured.length, 256)),
          e);
    } catch (java.net.SocketException e) {
      // reset by the proxy after it gave up on us: also a close
    }
  }

  private static byte[] login() {
    return RawClient.startupMessage(
        Map.of(
            "user",
            PostgresServer.TRUST_USER,
            "database",
            "vetro_test",
            "application_name",
            "byte-soup"));
  }

  /** Plausible typed headers with random lengths and random payload bytes. */
  private static byte[] typedSoup(Random random) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    String types = "QPBEDSCHXdcfFpz\0";
    while (b.remaining() > 64) {
      b.put((byte) types.charAt(random.nextInt(types.length())));
      int len = random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(60);
      b.putInt(len);
      byte[] body = randomBytes(random, Math.min(Math.max(0, len - 4), b.remaining() - 10));
      b.put(body);
    }
    byte[] out = new byte[b.position()];
    b.flip();
    b.get(out);
    return out;
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void awaitOpenConnections(ProxyServer proxy, int expected)
      throws InterruptedException {
    for (int i = 0; i < 400 && proxy.openConnections() != expected; i++) {
      Thread.sleep(25);
    }
    assertEquals(
        expected, proxy.openConnections(), "connections the proxy still holds after the soup");
  }
}
