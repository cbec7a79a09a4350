package dev.vetro.launcher.fleet;

import dev.vetro.launcher.Main;
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
import java.util.concurrent.TimeUnit;

/**
 * One Vetro node as its own JVM ({@code java -cp <the reactor's classes and dependency jars>
 * dev.vetro.launcher.Main proxy|api}), as it runs in production: its own process, ports, data
 * directory and log file. The class path is the test JVM's own (surefire's: every module's
 * target/classes plus the jars from the local repository), so no install step is needed.
 */
public final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  private NodeProcess(String name, List<String> command, Map<String, String> env, Path log) {
    this.name = name;
    this.command = command;
    this.env = env;
    this.log = log;
  }

  /** Starts {@code bin/vetro <kind>} with {@code env}; the log goes to {@code dir/<name>.log}. */
  public static NodeProcess start(String name, String kind, Map<String, String> env, Path dir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small heaps and the client compiler: several JVMs share two loaded cores in the tests.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), kind));
    NodeProcess node = new NodeProcess(name, command, Map.copyOf(env), dir.resolve(name + ".log"));
    node.launch();
    return node;
  }

  private void launch() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Starts the same node again (same ports, same data directory) after it stopped. */
  public void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  /** SIGTERM, as an orchestrator stops a pod; waits for the exit. */
  public int stop(Duration wait) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not stop within " + wait + " of SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  /** SIGTERM without waiting. */
  public void terminate() {
    process.destroy();
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public int waitForExit(Duration wait) throws InterruptedException {
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + wait + ":\n" + log());
    }
    return process.exitValue();
  }

  /** GET {@code http://127.0.0.1:port/path}; status -1 when nothing answers. */
  public static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until {@code GET port/path} answers 200 (the node is up / ready). */
  public void awaitOk(int port, String path, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + "):\n" + log());
      }
      HttpResponse<String> r = get(port, path);
      if (r != null && r.statusCode() == 200) {
        return;
      }
      last = r == null ? "no answer" : r.statusCode() + " " + r.body();
      Thread.sleep(200);
    }
    throw new AssertionError(
        name + ": " + path + " not 200 within " + timeout + " (last: " + last + "):\n" + log());
  }

  /** The last 8,000 characters of the node's log. */
  public String log() {
    try {
      String s = Files.readString(log);
      return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
