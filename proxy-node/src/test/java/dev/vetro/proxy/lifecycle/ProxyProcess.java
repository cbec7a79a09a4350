package dev.vetro.proxy.lifecycle;

import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy in its own JVM (ProxyMain, configured by environment as in production), so that a test
 * can measure its CPU time apart from the test's own, count its log lines, and start it under a low
 * {@code ulimit -n} to make accept fail with EMFILE.
 */
final class ProxyProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ProxyProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** {@code openFiles}: the ulimit -n to start under, 0 for the inherited one. */
  static ProxyProcess start(int openFiles, Map<String, String> settings) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("vetro-proxy-process", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String limit = openFiles > 0 ? "ulimit -n " + openFiles + "; " : "";
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                "bash",
                "-c",
                limit
                    + "exec \"$0\" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \"$1\""
                    + " dev.vetro.proxy.ProxyMain",
                java,
                System.getProperty("java.class.path")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PROXY_") || k.startsWith("VETRO_"));
    Map<String, String> all = new HashMap<>();
    all.put("UPSTREAM_PG_HOST", PostgresServer.HOST);
    all.put("UPSTREAM_PG_PORT", String.valueOf(ProxyTestSupport.pg().port()));
    all.put("PROXY_PG_LISTEN_HOST", "127.0.0.1");
    all.put("PROXY_PG_LISTEN_PORT", String.valueOf(port));
    all.put("PROXY_ADMIN_PORT", "-1");
    all.put("PROXY_SHUTDOWN_DRAIN_SECONDS", "1");
    all.putAll(settings);
    env.putAll(all);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    ProxyProcess proxy = new ProxyProcess(builder.start(), log, port);
    proxy.awaitListening(Duration.ofSeconds(60));
    return proxy;
  }

  private void awaitListening(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the proxy exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the proxy did not listen in time: " + Files.readString(log));
  }

  int port() {
    return port;
  }

  /** CPU time the proxy's JVM has used so far (user + system, all threads). */
  Duration cpuTime() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("no CPU time for the proxy's process"));
  }

  List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }

  String jdbcUrl(String user) {
    return ProxyTestSupport.pg().jdbcUrl(user, "disable", PostgresServer.HOST, port);
  }

  @Override
  public void close() throws Exception {
    process.destroy(); // SIGTERM: the drain, then exit
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Files.deleteIfExists(log);
  }
}
