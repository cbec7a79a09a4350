package dev.vetro.proxy.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vetro.proxy.metrics.PrometheusText;
import dev.vetro.proxy.metrics.ProxyMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy node's admin port ({@code PROXY_ADMIN_PORT}, default 9187): {@code /healthz} (the
 * process answers), {@code /readyz} (200 only while the node should get new clients: listener up,
 * upstream reachable, a policy in force, not draining; 503 with the reasons otherwise), {@code
 * /metrics} (Prometheus text format). The JDK's HTTP server on one thread of its own: scrapes and
 * probes never share a thread with client sessions, and nothing here parses a body.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and serves; {@code port} 0 picks a free one.
   *
   * @throws IOException when the address cannot be bound
   */
  public static AdminServer start(String host, int port, NodeHealth health, ProxyMetrics metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vetro-admin-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/healthz",
        ex -> {
          StringBuilder body = new StringBuilder("ok\n");
          health.notes().forEach(n -> body.append(n).append('\n'));
          respond(ex, 200, "text/plain; charset=utf-8", body.toString());
        });
    server.createContext(
        "/readyz",
        ex -> {
          Readiness r = health.readiness();
          StringBuilder body = new StringBuilder(r.ready() ? "ready\n" : "not ready\n");
          r.reasons().forEach(reason -> body.append(reason).append('\n'));
          health.notes().forEach(n -> body.append(n).append('\n'));
          respond(ex, r.ready() ? 200 : 503, "text/plain; charset=utf-8", body.toString());
        });
    server.createContext(
        "/metrics", ex -> respond(ex, 200, PrometheusText.CONTENT_TYPE, metrics.scrape()));
    server.start();
    log.info("vetro admin endpoint on {}:{}", host, server.getAddress().getPort());
    return new AdminServer(server, executor);
  }

  public int boundPort() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (!List.of("/healthz", "/readyz", "/metrics").contains(path)) {
        status = 404;
        body = "not found\n";
        type = "text/plain; charset=utf-8";
      } else if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        status = 405;
        body = "GET only\n";
        type = "text/plain; charset=utf-8";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = "HEAD".equals(ex.getRequestMethod());
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
