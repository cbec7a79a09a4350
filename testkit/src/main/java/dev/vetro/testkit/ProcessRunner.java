package dev.vetro.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs real programs (psql, pgbench, initdb, python, node) for tests.
 *
 * <pre>{@code
 * ProcessRunner.Result r = ProcessRunner.of(Tools.psql().toString(), "-c", "SELECT 1")
 *     .env("PGPASSWORD", pw).timeout(Duration.ofSeconds(30)).run();
 * }</pre>
 *
 * <p>{@link #run()} waits for the exit; on timeout it kills the whole process tree (a client
 * wrapper such as {@code runuser} leaves its child running otherwise) and throws {@link
 * ProcessTimeoutException} carrying what the process printed. {@link #start()} is for servers that
 * run in the background until {@link Background#stop()}.
 */
public final class ProcessRunner {
  /** Ceiling per captured stream; see {@link OutputCapture}. */
  static final int CAPTURE_LIMIT = 8 * 1024 * 1024;

  private final List<String> command;
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path directory;
  private String stdin;
  private Duration timeout = Duration.ofMinutes(2);

  private ProcessRunner(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    this.command = List.copyOf(command);
  }

  public static ProcessRunner of(String... command) {
    return new ProcessRunner(Arrays.asList(command));
  }

  public static ProcessRunner of(List<String> command) {
    return new ProcessRunner(command);
  }

  /**
   * One-call form: command, extra environment, working directory (null = inherit), stdin (null =
   * none).
   */
  public static Result run(
      List<String> command,
      Map<String, String> env,
      Path directory,
      String stdin,
      Duration timeout) {
    return of(command).env(env).directory(directory).stdin(stdin).timeout(timeout).run();
  }

  /** Adds to the inherited environment; a null value removes the variable. */
  public ProcessRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ProcessRunner env(Map<String, String> variables) {
    if (variables != null) {
      env.putAll(variables);
    }
    return this;
  }

  public ProcessRunner directory(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Text written to the process's stdin, which is then closed; without it stdin is empty. */
  public ProcessRunner stdin(String text) {
    this.stdin = text;
    return this;
  }

  public ProcessRunner timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  public List<String> command() {
    return command;
  }

  /** Runs to completion. Throws {@link ProcessTimeoutException} if it outlives the timeout. */
  public Result run() {
    ProcessBuilder builder = builder();
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process process = launch(builder);
    OutputCapture out = new OutputCapture(CAPTURE_LIMIT);
    OutputCapture err = new OutputCapture(CAPTURE_LIMIT);
    Thread outReader = daemon("stdout", () -> out.drain(process.getInputStream()));
    Thread errReader = daemon("stderr", () -> err.drain(process.getErrorStream()));
    Thread writer = stdin == null ? null : daemon("stdin", () -> feed(process, stdin));
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process.toHandle());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
    if (!exited) {
      ProcessTrees.kill(process.toHandle());
    }
    join(outReader);
    join(errReader);
    if (writer != null) {
      join(writer);
    }
    if (!exited) {
      throw new ProcessTimeoutException(command, timeout, out.toString(), err.toString());
    }
    return new Result(command, process.exitValue(), out.toString(), err.toString());
  }

  /** Starts in the background; stdout and stderr are merged into {@link Background#output()}. */
  public Background start() {
    ProcessBuilder builder =
        builder()
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = launch(builder);
    OutputCapture output = new OutputCapture(CAPTURE_LIMIT);
    Thread reader = daemon("output", () -> output.drain(process.getInputStream()));
    return new Background(command, process, output, reader);
  }

  private ProcessBuilder builder() {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Map<String, String> environment = builder.environment();
    env.forEach(
        (name, value) -> {
          if (value == null) {
            environment.remove(name);
          } else {
            environment.put(name, value);
          }
        });
    return builder;
  }

  private Process launch(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
    }
  }

  private static void feed(Process process, String text) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The process exited without reading all of its input; its exit code tells the story.
    }
  }

  private Thread daemon(String stream, Runnable body) {
    Thread thread =
        new Thread(body, "process-" + stream + "-" + Path.of(command.get(0)).getFileName());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(Thread thread) {
    try {
      // Bounded: a grandchild that inherited the pipe could keep it open forever.
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a finished process left behind. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * Returns this result, or throws with the command and both outputs when the exit code is not 0.
     */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(describe());
      }
      return this;
    }

    public String describe() {
      return String.join(" ", command)
          + " exited with "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /** Thrown by {@link #run()} after the process tree has been killed for outliving its timeout. */
  public static final class ProcessTimeoutException extends RuntimeException {
    private final String stdout;
    private final String stderr;

    ProcessTimeoutException(List<String> command, Duration timeout, String stdout, String stderr) {
      super(
          String.join(" ", command)
              + " did not finish within "
              + timeout
              + " and was killed"
              + "\n--- stdout ---\n"
              + stdout
              + "\n--- stderr ---\n"
              + stderr);
      this.stdout = stdout;
      this.stderr = stderr;
    }

    public String stdout() {
      return stdout;
    }

    public String stderr() {
      return stderr;
    }
  }

  /** A process running in the background; closing it stops it. */
  public static final class Background implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final OutputCapture output;
    private final Thread reader;

    Background(List<String> command, Process process, OutputCapture output, Thread reader) {
      this.command = command;
      this.process = process;
      this.output = output;
      this.reader = reader;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Everything printed so far (stdout and stderr interleaved), bounded in size. */
    public String output() {
      return output.toString();
    }

    /**
     * Waits until the output contains {@code text}; false if the process exits or time runs out
     * first.
     */
    public boolean awaitOutput(String text, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().contains(text)) {
          return true;
        }
        if (!process.isAlive()) {
          join(reader);
          return output().contains(text);
        }
        sleep(20);
      }
      return false;
    }

    /** Exit code if the process has ended, else null. */
    public Integer exitCode() {
      return process.isAlive() ? null : process.exitValue();
    }

    /** Stops the process and all its descendants; idempotent. */
    public void stop() {
      ProcessTrees.kill(process.toHandle());
      join(reader);
    }

    @Override
    public void close() {
      stop();
    }

    @Override
    public String toString() {
      return "Background[pid=" + process.pid() + ", " + String.join(" ", command) + "]";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static List<String> concat(List<String> prefix, String... rest) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(Arrays.asList(rest));
    return all;
  }
}
