package dev.vetro.api.durability;

import dev.vetro.api.ApiClient;
import dev.vetro.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code dev.vetro.api.ApiMain} in its own JVM (the test's class path), so a test can {@code kill
 * -9} it: nothing of the node's in-memory state or shutdown hooks survives, as in a real crash.
 */
final class ApiProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ApiProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Started and ready ({@code /readyz} 200) on a free port; {@code env} adds to the defaults. */
  static ApiProcess start(Path dataDir, Map<String, String> env) {
    int port = FreePorts.pick();
    Path log;
    try {
      log = Files.createTempFile(dataDir.getParent(), "api-process-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vetro.api.ApiMain")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> e = new HashMap<>(env);
    e.put("VETRO_API_PORT", Integer.toString(port));
    e.put("VETRO_API_HOST", "127.0.0.1");
    e.put("VETRO_DATA_DIR", dataDir.toString());
    e.put("VETRO_LOG_LEVEL", "WARN");
    pb.environment().putAll(e);
    Process p;
    try {
      p = pb.start();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    // a test JVM that dies (time-out, ^C) must not leave a node running
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    ApiProcess api = new ApiProcess(p, port, log);
    api.awaitReady();
    return api;
  }

  private void awaitReady() {
    ApiClient c = client();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("api process exited (" + process.exitValue() + "):\n" + tail());
      }
      try {
        if (c.get("/readyz", null).status() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      sleep(200);
    }
    process.destroyForcibly();
    throw new AssertionError("api process not ready in 180 s:\n" + tail());
  }

  ApiClient client() {
    return new ApiClient(port);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill9() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("api process survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
