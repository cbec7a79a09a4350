package dev.vetro.loadtest.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.testkit.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's two measures (issue 10), against an embedded api-node on a fresh H2 data dir:
 *
 * <ol>
 *   <li>Queries page with N decisions (default 100,000) in history: the first history page ({@code
 *       GET databases/{id}/decisions?limit=50}, what the page asks first), unfiltered and with a
 *       decision filter, timed per request; p50/p95/max. Decisions go in through {@code POST
 *       proxy/events} in batches of 1,000, as proxies send them.
 *   <li>Live view under R decisions/s (default 1,000) for S seconds (default 60) in headless
 *       Chromium: a feeder posts batches every 100 ms; every second a real click (WebDriver) on a
 *       history row opens the detail panel; the latency from the click event's timestamp to the
 *       next frame after the handler is measured inside the page (like INP); at the end the page's
 *       received / shown / dropped counters are read. Meanwhile the first history page and the
 *       charts are timed once a second: with rows arriving, H2's query result cache cannot answer
 *       them (it does in part 1, where nothing changes between the repeated requests).
 * </ol>
 *
 * Usage: {@code loadtest/bin/dashboard-measure [--history N] [--rate R] [--seconds S] [--out
 * FILE]}. Under load from other processes the figures are what they are; the report says so.
 */
public final class DashboardMeasure {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    int history = 100_000;
    int rate = 1_000;
    int seconds = 60;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--history" -> history = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path data = Files.createTempDirectory("vetro-dashboard-measure");
    ApiServer.Handle api = ApiServer.start(ApiConfig.embedded(data));
    StringBuilder report = new StringBuilder();
    try {
      String base = "http://127.0.0.1:" + api.boundPort();
      String email = "measure-" + UUID.randomUUID() + "@vetro.test";
      String password = "measure-password-1";
      HttpResponse<String> reg =
          send(
              base,
              "POST",
              "/api/v1/auth/register",
              null,
              null,
              json(Map.of("email", email, "password", password, "workspace", "measure")));
      String cookie =
          reg.headers().allValues("set-cookie").stream()
              .filter(c -> c.startsWith("vetro_session="))
              .map(c -> c.substring(0, c.indexOf(';')))
              .findFirst()
              .orElseThrow();
      String db =
          tree(send(
                  base, "POST", "/api/v1/databases", cookie, null, json(Map.of("name", "orders"))))
              .path("id")
              .asText();
      String key =
          tree(send(base, "POST", "/api/v1/keys", cookie, null, json(Map.of("name", "feeder"))))
              .path("key")
              .asText();

      // 1. history
      long t0 = System.nanoTime();
      for (int sent = 0; sent < history; sent += 1000) {
        postBatch(
            base, key, db, Math.min(1000, history - sent), System.currentTimeMillis() - 3_600_000);
      }
      awaitRows(api, history);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      List<Double> first =
          time(base, cookie, "/api/v1/databases/" + db + "/decisions?limit=50", 200);
      List<Double> filtered =
          time(
              base,
              cookie,
              "/api/v1/databases/" + db + "/decisions?limit=50&decision=BLOCKED",
              200);
      List<Double> stats = time(base, cookie, "/api/v1/databases/" + db + "/decisions/stats", 50);
      report.append("### Queries page with ").append(history).append(" decisions in history\n\n");
      report.append(
          String.format(
              "Ingested through `proxy/events` and projected in %.1f s.%n%n", loadSeconds));
      report.append(
          "| request (the page's first content) | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
      report.append(row("first history page, `limit=50`", first));
      report.append(row("first page, `decision=BLOCKED`", filtered));
      report.append(row("charts, `decisions/stats` (24 h)", stats));

      // 2. live view
      report
          .append("\n### Live view at ")
          .append(rate)
          .append(" decisions/s for ")
          .append(seconds)
          .append(" s\n\n");
      report.append(live(base, cookie, email, password, key, db, rate, seconds));
    } finally {
      api.shutdown();
    }
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, report.toString());
    }
    System.exit(0);
  }

  private static String live(
      String base,
      String cookie,
      String email,
      String password,
      String key,
      String db,
      int rate,
      int seconds)
      throws Exception {
    AtomicLong posted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Double> clicks = Collections.synchronizedList(new ArrayList<>());
    List<Double> firstUnderLoad = Collections.synchronizedList(new ArrayList<>());
    List<Double> statsUnderLoad = Collections.synchronizedList(new ArrayList<>());
    try (Chromium chromium = Chromium.start(1280, 900)) {
      ChromeDriver d = chromium.driver();
      d.get(base + "/login");
      wait(d, "input[name=email]").sendKeys(email);
      wait(d, "input[name=password]").sendKeys(password);
      d.findElement(By.cssSelector("form button[type=submit]")).click();
      wait(d, "#who:not([hidden])");
      d.get(base + "/queries?database=" + db);
      new WebDriverWait(d, Duration.ofSeconds(60))
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector("[data-testid=live-state]"), "live"));
      wait(d, "[data-testid=history-rows] tr");
      d.executeScript(
          "window.__lat = [];"
              + "document.addEventListener('click', e => { const ts = e.timeStamp;"
              + " requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - ts))); }, true);");
      int perTick = Math.max(1, rate / 10);
      long feedStart = System.nanoTime();
      ScheduledExecutorService feeder = Executors.newScheduledThreadPool(2);
      feeder.scheduleAtFixedRate(
          () -> {
            try {
              postBatch(base, key, db, perTick, System.currentTimeMillis());
              posted.addAndGet(perTick);
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      // the same requests as above while decisions arrive: every insert empties H2's query result
      // cache, so these are the server's real work, not a cached answer to a repeated query
      ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
      prober.scheduleWithFixedDelay(
          () -> {
            try {
              String dbPath = "/api/v1/databases/" + db;
              firstUnderLoad.add(timeOnce(base, cookie, dbPath + "/decisions?limit=50"));
              statsUnderLoad.add(timeOnce(base, cookie, dbPath + "/decisions/stats"));
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          },
          2,
          1,
          TimeUnit.SECONDS);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int i = 0;
      while (System.nanoTime() < end) {
        Thread.sleep(1000);
        List<WebElement> rows = d.findElements(By.cssSelector("[data-testid=history-rows] tr"));
        rows.get(i++ % Math.min(rows.size(), 20)).click();
        wait(d, "[data-testid=detail]");
      }
      prober.shutdownNow();
      prober.awaitTermination(10, TimeUnit.SECONDS);
      feeder.shutdownNow();
      feeder.awaitTermination(10, TimeUnit.SECONDS);
      double fed = (System.nanoTime() - feedStart) / 1e9;
      Thread.sleep(1500);
      @SuppressWarnings("unchecked")
      List<Number> lat = (List<Number>) d.executeScript("return window.__lat");
      lat.forEach(n -> clicks.add(n.doubleValue()));
      String counters = d.findElement(By.cssSelector("[data-testid=live-counters]")).getText();
      StringBuilder r = new StringBuilder();
      r.append(
          String.format(
              "Posted %d decisions (%.0f/s; %d batches failed) in %.1f s.%n%n",
              posted.get(), posted.get() / fed, failed.get(), fed));
      r.append("| measure | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
      r.append(row("click → next frame (detail panel open), in the page", clicks));
      r.append(row("server: first history page, `limit=50`, during the feed", firstUnderLoad));
      r.append(row("server: charts, `decisions/stats` (24 h), during the feed", statsUnderLoad));
      r.append("\nThe page's own counters at the end: `").append(counters).append("`.\n");
      return r.toString();
    }
  }

  private static WebElement wait(ChromeDriver d, String css) {
    return new WebDriverWait(d, Duration.ofSeconds(60))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static final String[] SQL = {
    "DELETE FROM users",
    "SELECT * FROM orders WHERE id = ?",
    "UPDATE orders SET status = ? WHERE id = ?",
    "DROP TABLE audit_log",
    "SELECT count(*) FROM users"
  };
  private static final String[][] VERDICT = {
    {"BLOCKED", "VETRO-001", "critical"},
    {"ALLOWED", null, null},
    {"ALLOWED", null, null},
    {"BLOCKED", "VETRO-010", "critical"},
    {"ALLOWED", null, null}
  };

  private static void postBatch(String base, String key, String db, int n, long ts)
      throws Exception {
    StringBuilder b = new StringBuilder();
    b.append("{\"database_id\":\"")
        .append(db)
        .append("\",\"batch_id\":\"")
        .append(UUID.randomUUID())
        .append("\",\"events\":[");
    for (int i = 0; i < n; i++) {
      int k = (int) ((ts + i) % SQL.length);
      if (i > 0) b.append(',');
      b.append("{\"ts\":")
          .append(ts + i)
          .append(",\"decision\":\"")
          .append(VERDICT[k][0])
          .append('"')
          .append(
              VERDICT[k][1] == null
                  ? ""
                  : ",\"rule_code\":\""
                      + VERDICT[k][1]
                      + "\",\"severity\":\""
                      + VERDICT[k][2]
                      + "\"")
          .append(",\"fingerprint\":\"")
          .append(String.format("%016x", (long) SQL[k].hashCode()))
          .append('"')
          .append(",\"database_user\":\"app\",\"statement\":\"")
          .append(SQL[k])
          .append("\"}");
    }
    b.append("]}");
    HttpResponse<String> r =
        send(base, "POST", "/api/v1/proxy/events", null, "Bearer " + key, b.toString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("events answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static void awaitRows(ApiServer.Handle api, long n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Connection c = api.context().storage().connection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM decisions")) {
        rs.next();
        if (rs.getLong(1) >= n) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("history did not reach " + n + " rows in 30 min");
  }

  private static List<Double> time(String base, String cookie, String path, int n)
      throws Exception {
    for (int i = 0; i < 10; i++) {
      send(base, "GET", path, cookie, null, null); // warm-up
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = send(base, "GET", path, cookie, null, null);
      ms.add((System.nanoTime() - t) / 1e6);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode());
      }
    }
    return ms;
  }

  private static double timeOnce(String base, String cookie, String path) throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> r = send(base, "GET", path, cookie, null, null);
    double ms = (System.nanoTime() - t) / 1e6;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode());
    }
    return ms;
  }

  private static String row(String what, List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    if (v.isEmpty()) {
      return "| " + what + " | 0 | – | – | – |\n";
    }
    return String.format(
        "| %s | %d | %.1f | %.1f | %.1f |%n",
        what, v.size(), pct(v, 0.50), pct(v, 0.95), v.get(v.size() - 1));
  }

  private static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static HttpResponse<String> send(
      String base, String method, String path, String cookie, String auth, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(120))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie).header("X-Vetro-Request", "measure");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode tree(HttpResponse<String> r) throws Exception {
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String json(Object o) throws Exception {
    return JSON.writeValueAsString(o);
  }

  static String now() {
    return Instant.now().toString();
  }
}
