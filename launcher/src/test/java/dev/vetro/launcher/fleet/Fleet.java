package dev.vetro.launcher.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One API node and N proxy nodes, each its own JVM on 127.0.0.1, in front of the testkit's
 * PostgreSQL: the proxies form one cluster (static seeds: every proxy's address, so any of them can
 * restart and rejoin) and take the policy of one database from the API.
 */
public final class Fleet implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Ports and process of one proxy node. */
  public record Proxy(NodeProcess process, int pgPort, int adminPort, int clusterPort) {}

  public final PostgresServer pg;
  public final NodeProcess api;
  public final int apiPort;
  public final String databaseId;
  public final String session;
  public final List<Proxy> proxies = new ArrayList<>();

  private Fleet(
      PostgresServer pg, NodeProcess api, int apiPort, String databaseId, String session) {
    this.pg = pg;
    this.api = api;
    this.apiPort = apiPort;
    this.databaseId = databaseId;
    this.session = session;
  }

  public static Fleet start(Path dir, int proxyCount, Map<String, String> proxyEnv)
      throws Exception {
    PostgresServer pg = PostgresServer.shared();
    int apiPort = FreePorts.pick();
    Map<String, String> apiEnv = new HashMap<>();
    apiEnv.put("VETRO_API_HOST", "127.0.0.1");
    apiEnv.put("VETRO_API_PORT", Integer.toString(apiPort));
    apiEnv.put("VETRO_DATA_DIR", dir.resolve("api").toString());
    NodeProcess api = NodeProcess.start("api", "api", apiEnv, dir);
    Fleet fleet = null;
    try {
      api.awaitOk(apiPort, "/readyz", Duration.ofSeconds(180));
      String[] tenant = tenant(apiPort);
      fleet = new Fleet(pg, api, apiPort, tenant[0], tenant[2]);
      int[] cluster = new int[proxyCount];
      StringBuilder seeds = new StringBuilder();
      for (int i = 0; i < proxyCount; i++) {
        cluster[i] = FreePorts.pick();
        seeds.append(i == 0 ? "" : ",").append("127.0.0.1:").append(cluster[i]);
      }
      for (int i = 0; i < proxyCount; i++) {
        String name = "proxy-" + (char) ('a' + i);
        int pgPort = FreePorts.pick();
        int adminPort = FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("UPSTREAM_PG_HOST", pg.host());
        env.put("UPSTREAM_PG_PORT", Integer.toString(pg.port()));
        env.put("PROXY_PG_LISTEN_HOST", "127.0.0.1");
        env.put("PROXY_PG_LISTEN_PORT", Integer.toString(pgPort));
        env.put("PROXY_ADMIN_HOST", "127.0.0.1");
        env.put("PROXY_ADMIN_PORT", Integer.toString(adminPort));
        env.put("VETRO_API_URL", "http://127.0.0.1:" + apiPort);
        env.put("VETRO_API_KEY", tenant[1]);
        env.put("VETRO_DATABASE_ID", tenant[0]);
        env.put("VETRO_DATA_DIR", dir.resolve(name).toString());
        env.put("VETRO_NODE_ID", name);
        env.put("VETRO_CLUSTER_HOST", "127.0.0.1");
        env.put("VETRO_CLUSTER_PORT", Integer.toString(cluster[i]));
        env.put("VETRO_CLUSTER_SEEDS", seeds.toString());
        env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
        env.put("VETRO_HEARTBEAT_SECONDS", "2");
        // Long enough for a test to watch a draining node; a drain ends early once its sessions
        // have.
        env.put("PROXY_DRAIN_SECONDS", "60");
        env.putAll(proxyEnv);
        fleet.proxies.add(
            new Proxy(NodeProcess.start(name, "proxy", env, dir), pgPort, adminPort, cluster[i]));
      }
      for (Proxy p : fleet.proxies) {
        p.process().awaitOk(p.adminPort(), "/readyz", Duration.ofSeconds(180));
      }
      return fleet;
    } catch (Exception | AssertionError e) {
      if (fleet != null) {
        fleet.close();
      } else {
        api.close();
      }
      throw e;
    }
  }

  /** Registers a user; returns {database id, proxy key, session cookie}. */
  private static String[] tenant(int apiPort) throws Exception {
    String email = "fleet-" + UUID.randomUUID() + "@example.com";
    HttpResponse<String> reg =
        post(
            apiPort,
            "/api/v1/auth/register",
            Map.of(
                "email", email, "password", "correct horse battery staple", "workspace", "fleet"),
            null);
    check(reg, 201);
    String cookie =
        reg.headers().allValues("set-cookie").stream()
            .map(c -> c.split(";", 2)[0])
            .filter(c -> c.startsWith("vetro_session="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie: " + reg.headers()));
    HttpResponse<String> db =
        post(apiPort, "/api/v1/databases", Map.of("name", "fleet-db"), cookie);
    check(db, 201);
    HttpResponse<String> key =
        post(apiPort, "/api/v1/keys", Map.of("name", "fleet-proxies"), cookie);
    check(key, 201);
    return new String[] {
      JSON.readTree(db.body()).path("id").asText(),
      JSON.readTree(key.body()).path("key").asText(),
      cookie
    };
  }

  /** PUT the database's policy (the dashboard's call). */
  public void putPolicy(String policyJson) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + apiPort
                            + "/api/v1/databases/"
                            + databaseId
                            + "/policy"))
                .header("Content-Type", "application/json")
                .header("Cookie", session)
                .header("X-Vetro-Request", "fleet-test") // CrossSiteGuard: not a cross-site form
                .PUT(HttpRequest.BodyPublishers.ofString(policyJson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    check(r, 200);
  }

  /** {@code GET databases/{id}/status}: the heartbeats the API has seen. */
  public JsonNode status() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + apiPort
                            + "/api/v1/databases/"
                            + databaseId
                            + "/status"))
                .header("Cookie", session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    check(r, 200);
    return JSON.readTree(r.body());
  }

  public String jdbcUrl(int port) {
    return pg.jdbcUrl(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", port);
  }

  private static HttpResponse<String> post(
      int port, String path, Map<String, Object> body, String cookie) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (cookie != null) {
      b.header("Cookie", cookie).header("X-Vetro-Request", "fleet-test");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void check(HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected && !(expected == 200 && r.statusCode() == 204)) {
      throw new AssertionError(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public void close() {
    for (Proxy p : proxies) {
      p.process().close();
    }
    api.close();
  }

  /** Logs of every node, for a failing assertion. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    for (Proxy p : proxies) {
      b.append("==== ").append(p.process().name()).append('\n').append(p.process().log());
    }
    b.append("==== api\n").append(api.log());
    return b.toString();
  }
}
