package dev.vetro.policy.lexer;

import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.List;

/**
 * testkit's real PostgreSQL 15 driven through psql 15, whose {@code -c} sends the text as ONE
 * simple Query and prints every statement's result: the server's own statement split becomes
 * observable. Fails (never skips) with what is missing when it cannot start.
 */
final class ScratchPostgres implements AutoCloseable {

  record Result(int exitCode, List<String> lines, String stderr) {}

  private final PostgresServer server;

  private ScratchPostgres(PostgresServer server) {
    this.server = server;
  }

  static ScratchPostgres start() {
    return new ScratchPostgres(PostgresServer.shared());
  }

  /** Runs {@code sql} as one Query; standard_conforming_strings as given. */
  Result query(String sql, boolean standardConformingStrings) {
    ProcessRunner.Result r =
        ProcessRunner.of(
                Tools.psql().toString(),
                "-X",
                "-A",
                "-t",
                "-q",
                "-h",
                server.socketDir().toString(),
                "-p",
                String.valueOf(server.port()),
                "-U",
                PostgresServer.SUPERUSER,
                "-d",
                "postgres",
                "-c",
                sql)
            .env(
                "PGOPTIONS",
                "-c standard_conforming_strings=" + (standardConformingStrings ? "on" : "off"))
            .timeout(Duration.ofSeconds(120))
            .run();
    String out = r.stdout();
    List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n", -1));
    if (out.endsWith("\n")) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return new Result(r.exitCode(), lines, r.stderr());
  }

  /** The shared server outlives the test class; testkit stops it when the JVM exits. */
  @Override
  public void close() {}
}
