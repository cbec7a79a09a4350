package dev.vetro.policy.lexer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 on a private Unix socket, driven through psql 15, whose {@code -c}
 * sends the text as ONE simple Query and prints every statement's result: the server's own
 * statement split becomes observable. Kept inside this package because the policy module has
 * no test dependency on testkit; switch to testkit's PostgresServer once it has.
 * Fails (never skips) with what is missing when it cannot start.
 */
final class ScratchPostgres implements AutoCloseable {

    record Result(int exitCode, List<String> lines, String stderr) {
    }

    private static final Path BIN = Path.of(System.getProperty("vetro.pg.bin", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final int port;

    private ScratchPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static ScratchPostgres start() {
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(BIN.resolve(tool))) {
                throw new IllegalStateException("PostgreSQL 15 binary missing: " + BIN.resolve(tool)
                        + " (install postgresql-15 or set -Dvetro.pg.bin)");
            }
        }
        try {
            Path dir = Files.createTempDirectory("vetro-lexer-pg");
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000); // names the socket file only
            if (root()) {
                run(List.of("chown", "postgres:postgres", dir.toString()), null);
            }
            Result init = run(asServer(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-A", "trust", "-U", "postgres", "--no-sync")), null);
            check(init, "initdb");
            Result start = run(asServer(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-w", "-t", "60", "-l", dir.resolve("log").toString(), "-o",
                    "-F -p " + port + " -k " + dir + " -c listen_addresses=''", "start")), null);
            check(start, "pg_ctl start (log: " + dir.resolve("log") + ")");
            return new ScratchPostgres(dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start scratch PostgreSQL: " + e, e);
        }
    }

    /** Runs {@code sql} as one Query; standard_conforming_strings as given. */
    Result query(String sql, boolean standardConformingStrings) {
        List<String> cmd = List.of("psql", "-X", "-A", "-t", "-q", "-h", dir.toString(), "-p", String.valueOf(port),
                "-U", "postgres", "-d", "postgres", "-c", sql);
        return run(cmd, "-c standard_conforming_strings=" + (standardConformingStrings ? "on" : "off"));
    }

    @Override
    public void close() {
        run(asServer(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                "immediate", "stop")), null);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless; the server is already stopped
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServer(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void check(Result r, String what) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(what + " failed (" + r.exitCode() + "): " + r.stderr() + String.join("\n", r.lines()));
        }
    }

    private static Result run(List<String> command, String pgOptions) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (pgOptions != null) {
                pb.environment().put("PGOPTIONS", pgOptions);
            }
            Path err = Files.createTempFile("vetro-lexer-pg", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - (out.endsWith("\n") ? 1 : 0));
            return new Result(p.exitValue(), lines, stderr);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
