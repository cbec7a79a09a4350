package dev.vetro.api.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ops.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of a stand-in for the route tree over real HTTP/1.1 connections: the stand-in
 * "authenticates" (401 without the good key, counted) and can hold a request open, so the one
 * admission slot can be filled on purpose.
 */
class AdmissionGateTest extends AllDirectives {
  private static final String GOOD = "Bearer good";

  private static ActorSystem<Void> system;
  private static ServerBinding binding;
  private static final Admission admission = new Admission(1, Long.MAX_VALUE, () -> 0);
  private static final Metrics metrics = new Metrics();
  private static final AtomicInteger authChecks = new AtomicInteger();
  private static volatile CompletableFuture<String> hold = new CompletableFuture<>();

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "admission-gate-test");
    AdmissionGateTest d = new AdmissionGateTest();
    AdmissionGate gate = new AdmissionGate(admission, metrics, Materializer.matFromSystem(system));
    Route inner =
        d.optionalHeaderValueByName(
            "Authorization",
            auth -> {
              authChecks.incrementAndGet();
              if (!auth.filter(GOOD::equals).isPresent()) {
                return d.complete(StatusCodes.UNAUTHORIZED, "unauthenticated");
              }
              return d.concat(
                  d.headerValueByName("X-Hold", h -> d.onSuccess(hold, d::complete)),
                  d.entity(
                      org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(),
                      body -> d.complete("read " + body.length())));
            });
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(gate.guard(() -> inner))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void release() {
    hold.complete("released"); // a failed test must not leave the slot filled for the next one
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void pastTheLimitAnEvaluationIsRefusedBeforeAuthenticationAndTheConnectionKeepsWorking()
      throws Exception {
    try (Conn held = new Conn();
        Conn c = new Conn();
        Conn upload = new Conn()) {
      // fills the only slot: admitted, authenticated, then waits for `hold`
      held.send("POST", AdmissionGate.QUERY_PATH, GOOD, "{}", "X-Hold: 1");
      waitFor(() -> admission.inFlight() == 1);
      int checks = authChecks.get();
      long shedBefore = metrics.count("vetro_api_evaluations_shed_total");

      // a bad key past the limit: 503, not 401; authentication is not consulted
      c.send("POST", AdmissionGate.QUERY_PATH, "Bearer bad", "{\"query\":\"SELECT 1\"}");
      Resp refused = c.read();
      assertEquals(503, refused.status, refused.toString());
      assertEquals("1", refused.header("retry-after"), refused.toString());
      assertTrue(refused.body.contains("\"unavailable\""), refused.body);
      assertEquals(checks, authChecks.get(), "authentication was not consulted");
      assertEquals(shedBefore + 1, metrics.count("vetro_api_evaluations_shed_total"));

      // a 1 MiB upload is refused without being read into the route (its connection closes)
      upload.send(
          "POST", AdmissionGate.CHECK_PATH, GOOD, "{\"q\":\"" + "x".repeat(1 << 20) + "\"}");
      Resp big = upload.readAllowingClose();
      assertEquals(503, big.status, big.toString());
      assertEquals(checks, authChecks.get());

      // ci/check is gated too; other routes are not (they pass on to authentication)
      c.send("POST", AdmissionGate.CHECK_PATH, GOOD, "{}");
      assertEquals(503, c.read().status);
      c.send("GET", "/api/v1/rules", "Bearer bad", null);
      assertEquals(401, c.read().status, "not an evaluation: not gated");

      // load drops: the held answer is made, its slot is free, and the same connection (its
      // refused 1 MiB body discarded, not left in the stream) is admitted again
      hold.complete("held");
      Resp released = held.read();
      assertEquals(200, released.status);
      assertEquals("held", released.body);
      waitFor(() -> admission.inFlight() == 0);
      c.send("POST", AdmissionGate.QUERY_PATH, GOOD, "{\"q\":1}");
      Resp ok = c.read();
      assertEquals(200, ok.status, ok.toString());
      assertEquals("read 7", ok.body);
      assertEquals(0, admission.inFlight(), "an answered request gives its slot back");
    }
  }

  @Test
  void aRejectedOrUnauthenticatedEvaluationGivesItsSlotBack() throws Exception {
    try (Conn c = new Conn()) {
      for (int i = 0; i < 3; i++) {
        c.send("POST", AdmissionGate.QUERY_PATH, "Bearer bad", "{}");
        assertEquals(401, c.read().status, "admitted each time: the slot was released");
      }
      waitFor(() -> admission.inFlight() == 0);
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier cond) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
    }
  }

  private record Resp(int status, java.util.Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One kept-alive HTTP/1.1 connection, written and read by hand. */
  private static final class Conn implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Conn() throws IOException {
      socket = new Socket("127.0.0.1", binding.localAddress().getPort());
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    void send(String method, String path, String auth, String body, String... extra)
        throws IOException {
      byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder();
      h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      h.append("Host: localhost\r\nAuthorization: ").append(auth).append("\r\n");
      for (String e : extra) {
        h.append(e).append("\r\n");
      }
      if (body != null) {
        h.append("Content-Type: application/json\r\nContent-Length: ").append(b.length);
        h.append("\r\n");
      }
      h.append("\r\n");
      // one write, as a client does: headers and a small body arrive together
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write(h.toString().getBytes(StandardCharsets.US_ASCII));
      req.write(b);
      out.write(req.toByteArray());
      out.flush();
    }

    Resp read() throws IOException {
      Resp r = readAllowingClose();
      assertTrue(!"close".equalsIgnoreCase(r.header("connection")), "the connection is kept: " + r);
      return r;
    }

    Resp readAllowingClose() throws IOException {
      String status = line();
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      for (String l = line(); !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(
            l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new Resp(
          Integer.parseInt(status.split(" ")[1]),
          headers,
          new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
