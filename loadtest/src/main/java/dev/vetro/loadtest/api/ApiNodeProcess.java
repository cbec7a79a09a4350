package dev.vetro.loadtest.api;

import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * api-node in its own JVM with a fresh data directory (embedded H2), through the entry point {@code
 * bin/vetro api} uses, so its CPU is measured apart from Gatling's.
 */
final class ApiNodeProcess implements AutoCloseable {
  private final ProcessRunner.Background process;
  private final int port;

  private ApiNodeProcess(ProcessRunner.Background process, int port) {
    this.process = process;
    this.port = port;
  }

  /** {@code env} is added to (and overrides) this process's environment, e.g. shedding settings. */
  static ApiNodeProcess start(Path dataDir, List<String> jvmOptions, Map<String, String> env) {
    int port = FreePorts.pick();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vetro.api.ApiMain"));
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    ProcessRunner runner =
        ProcessRunner.of(command)
            .env("VETRO_API_HOST", "127.0.0.1")
            .env("VETRO_API_PORT", Integer.toString(port))
            .env("VETRO_DATA_DIR", dataDir.toString())
            .env("VETRO_LOG_LEVEL", "WARN")
            .env(env);
    ProcessRunner.Background process = runner.start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("api-node exited at start:\n" + process.output());
      }
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return new ApiNodeProcess(process, port);
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.stop();
        throw new IllegalStateException("interrupted while waiting for api-node", e);
      }
      sleep(200);
    }
    process.stop();
    throw new IllegalStateException("api-node was not ready within 120 s:\n" + process.output());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
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
