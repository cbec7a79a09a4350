package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Vetro proxy in its own JVM, started from this JVM's class path, so its CPU and heap are
 * measured apart from the harness, with the same entry point `bin/vetro proxy` uses.
 */
final class ProxyProcess implements AutoCloseable {
  private final ProcessRunner.Background process;
  private final int port;

  private ProxyProcess(ProcessRunner.Background process, int port) {
    this.process = process;
    this.port = port;
  }

  static ProxyProcess start(
      String upstreamHost, int upstreamPort, List<String> jvmOptions, Map<String, String> env) {
    return start("dev.vetro.proxy.ProxyMain", upstreamHost, upstreamPort, jvmOptions, env);
  }

  /** {@code mainClass}: {@code ProxyMain} (judging, as shipped) or {@link TransparentProxyMain}. */
  static ProxyProcess start(
      String mainClass,
      String upstreamHost,
      int upstreamPort,
      List<String> jvmOptions,
      Map<String, String> env) {
    int port = FreePorts.pick();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    ProcessRunner.Background process =
        ProcessRunner.of(command)
            .env("PROXY_PG_LISTEN_HOST", "127.0.0.1")
            .env("PROXY_PG_LISTEN_PORT", Integer.toString(port))
            .env("PROXY_ADMIN_PORT", "0")
            // the idle-heap step opens thousands of sessions; the product's default cap is 1000
            .env("PROXY_MAX_CLIENT_CONN", "20000")
            .env("UPSTREAM_PG_HOST", upstreamHost)
            .env("UPSTREAM_PG_PORT", Integer.toString(upstreamPort))
            .env(env)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("vetro proxy exited at start:\n" + process.output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return new ProxyProcess(process, port);
      } catch (IOException notYet) {
        pause();
      }
    }
    process.stop();
    throw new IllegalStateException("vetro proxy did not listen within 60 s:\n" + process.output());
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the proxy to listen", e);
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String output() {
    return process.output();
  }

  @Override
  public void close() {
    process.stop();
  }
}
