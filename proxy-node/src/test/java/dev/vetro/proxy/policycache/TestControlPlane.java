package dev.vetro.proxy.policycache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server speaking the control plane's proxy-facing contract (api-node ProxyRoutes):
 * policy with ETag/If-None-Match, idempotent batched ingest, heartbeat with policy_stale. It can be
 * stopped and started again on the same port (an outage), made to hang, or to lose answers.
 */
public final class TestControlPlane implements AutoCloseable {
  public static final String KEY = "vtro_test_key";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private HttpServer server;
  private volatile long policyVersion = 1;
  private volatile String policyMode = "enforce";
  private volatile String policyRules = "{}";

  public final List<String> policyIfNoneMatch = new CopyOnWriteArrayList<>();
  public final AtomicInteger policy200 = new AtomicInteger();
  public final AtomicInteger policy304 = new AtomicInteger();
  public final List<String> batchIdsSeen = new CopyOnWriteArrayList<>();

  /** Distinct batches recorded, by batch id, in arrival order. */
  public final Map<String, List<JsonNode>> batches =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  public final AtomicInteger refusedAuth = new AtomicInteger();
  public final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();

  /** Ingest answers 503 after recording, this many times: the proxy cannot tell it was stored. */
  public final AtomicInteger loseIngestAnswers = new AtomicInteger();

  /** Ingest answers this status without recording (e.g. 422), while > 0 requests remain. */
  public volatile int ingestStatus = 200;

  private volatile CountDownLatch hang = new CountDownLatch(0);

  private TestControlPlane(int port) throws IOException {
    this.port = port;
    start();
  }

  public static TestControlPlane start(int port) throws IOException {
    return new TestControlPlane(port);
  }

  public static TestControlPlane startOnFreePort() throws IOException {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return new TestControlPlane(port);
  }

  public synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "test-control-plane");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/api/v1/proxy/policy", this::policy);
    server.createContext("/api/v1/proxy/events", this::events);
    server.createContext("/api/v1/proxy/heartbeat", this::heartbeat);
    server.start();
  }

  /** An outage: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    hang.countDown();
    server.stop(0);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Map<String, String> env(String databaseId, java.nio.file.Path dataDir) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("VETRO_API_URL", url());
    env.put("VETRO_API_KEY", KEY);
    env.put("VETRO_DATABASE_ID", databaseId);
    env.put("VETRO_DATA_DIR", dataDir.toString());
    return env;
  }

  /** A new policy revision: version + 1, with {@code rulesJson} as its "rules" object. */
  public synchronized long publish(String mode, String rulesJson) {
    policyMode = mode;
    policyRules = rulesJson;
    return ++policyVersion;
  }

  public long policyVersion() {
    return policyVersion;
  }

  /**
   * Every request blocks until {@link #release()} (a control plane that accepts and never answers).
   */
  public void hang() {
    hang = new CountDownLatch(1);
  }

  public void release() {
    hang.countDown();
  }

  public List<JsonNode> recordedEvents() {
    synchronized (batches) {
      List<JsonNode> all = new ArrayList<>();
      batches.values().forEach(all::addAll);
      return all;
    }
  }

  private boolean authorised(HttpExchange x) throws IOException {
    awaitRelease();
    if (!("Bearer " + KEY).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      refusedAuth.incrementAndGet();
      respond(x, 401, "{\"error\":\"unauthorized\"}", null);
      return false;
    }
    return true;
  }

  private void awaitRelease() {
    try {
      hang.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void policy(HttpExchange x) throws IOException {
    if (!authorised(x)) {
      return;
    }
    String etag;
    String body;
    synchronized (this) {
      etag = "\"v" + policyVersion + "-postgres\"";
      body =
          "{\"database_id\":\""
              + query(x, "database_id")
              + "\",\"version\":"
              + policyVersion
              + ",\"dialect\":\"postgres\",\"mode\":\""
              + policyMode
              + "\",\"policy\":{\"schema_version\":1,\"version\":"
              + policyVersion
              + ",\"mode\":\""
              + policyMode
              + "\",\"rules\":"
              + policyRules
              + "}}";
    }
    String inm = x.getRequestHeaders().getFirst("If-None-Match");
    policyIfNoneMatch.add(inm == null ? "" : inm);
    if (etag.equals(inm)) {
      policy304.incrementAndGet();
      x.getResponseHeaders().add("ETag", etag);
      x.sendResponseHeaders(304, -1);
      x.close();
      return;
    }
    policy200.incrementAndGet();
    respond(x, 200, body, etag);
  }

  private void events(HttpExchange x) throws IOException {
    if (!authorised(x)) {
      return;
    }
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    String batchId = body.path("batch_id").asText();
    batchIdsSeen.add(batchId);
    if (ingestStatus != 200) {
      respond(x, ingestStatus, "{\"error\":\"refused by test\"}", null);
      return;
    }
    boolean duplicate;
    synchronized (batches) {
      duplicate = batches.containsKey(batchId);
      if (!duplicate) {
        List<JsonNode> events = new ArrayList<>();
        body.path("events").forEach(events::add);
        batches.put(batchId, events);
      }
    }
    if (loseIngestAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      respond(x, 503, "{\"error\":\"answer lost\"}", null);
      return;
    }
    respond(x, 200, "{\"batch_id\":\"" + batchId + "\",\"duplicate\":" + duplicate + "}", null);
  }

  private void heartbeat(HttpExchange x) throws IOException {
    if (!authorised(x)) {
      return;
    }
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    heartbeats.add(body);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("database_id", body.path("database_id").asText());
    answer.put("policy_version", policyVersion);
    answer.put(
        "policy_stale",
        body.has("policy_version") && body.get("policy_version").asLong() != policyVersion);
    respond(x, 200, answer.toString(), null);
  }

  private static String query(HttpExchange x, String name) {
    String q = x.getRequestURI().getRawQuery();
    if (q != null) {
      for (String part : q.split("&")) {
        if (part.startsWith(name + "=")) {
          return java.net.URLDecoder.decode(
              part.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static void respond(HttpExchange x, int status, String body, String etag)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    if (etag != null) {
      x.getResponseHeaders().add("ETag", etag);
    }
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
