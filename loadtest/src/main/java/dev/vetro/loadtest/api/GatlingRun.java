package dev.vetro.loadtest.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Gatling run of {@link ProxyQuerySimulation} in this JVM (so repeated runs share a warm JIT).
 * Gatling's console output still reaches the terminal and is also kept, because the figures are
 * read from it ({@link GatlingStats}). Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 */
final class GatlingRun {
  private GatlingRun() {}

  /**
   * Installed once, before Gatling's classes load: Scala's {@code println} keeps the {@code
   * System.out} it first saw, so swapping streams per run would lose later runs' output.
   */
  private static final Tee TEE = installTee();

  private static synchronized Tee installTee() {
    Tee tee = new Tee(System.out);
    System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    return tee;
  }

  record Result(GatlingStats stats, Outcomes.Snapshot outcomes, Path resultsFolder, int exitCode) {}

  static Result run(ProxyQuerySimulation.Params params, Path resultsRoot, String description) {
    params.export();
    Path folder = resultsRoot.resolve(description.replaceAll("[^A-Za-z0-9_-]", "_"));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + folder, e);
    }
    // a request unanswered for 10 s is a failure; Gatling's default 60 s only makes a collapsed
    // run take a minute longer (read from system properties when Gatling loads its config)
    System.setProperty("gatling.http.requestTimeout", "10000");
    TEE.kept.reset();
    Outcomes.reset();
    int code =
        io.gatling.app.Gatling$.MODULE$.fromArgs(
            new String[] {
              "--simulation",
              ProxyQuerySimulation.class.getName(),
              "--results-folder",
              folder.toAbsolutePath().toString(),
              "--run-description",
              description,
              "--launcher",
              "vetro-api-load"
            });
    System.out.flush();
    String console = TEE.kept.toString(StandardCharsets.UTF_8);
    // exit code 2 = an assertion failed, which is a result here, not an error
    return new Result(GatlingStats.parse(console), Outcomes.snapshot(), folder, code);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream out;
    final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Tee(OutputStream out) {
      this.out = out;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      out.write(c);
      kept.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      out.write(buf, off, len);
      kept.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
