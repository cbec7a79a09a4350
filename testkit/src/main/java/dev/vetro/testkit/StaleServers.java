package dev.vetro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Temp dirs of test servers, and the sweep that removes those whose JVM died without running its
 * shutdown hooks (kill -9, a crashed fork). Without it every killed test run would leave a
 * PostgreSQL holding memory and a port until the machine reboots.
 */
final class StaleServers {
  static final Path TEMP_ROOT = Path.of("/tmp");
  static final List<String> PREFIXES = List.of("vetro-pg-", "vetro-pgbouncer-");
  private static final String OWNER_FILE = "owner.pid";
  private static final Duration UNCLAIMED_GRACE = Duration.ofHours(1);

  private StaleServers() {}

  /**
   * A fresh dir under /tmp (not java.io.tmpdir, which may sit below a dir the server user cannot
   * enter), world-traversable so the server user reaches its files, tagged with our pid.
   */
  static Path createOwnedTempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(TEMP_ROOT, prefix);
      ServerUser.chmod(dir, "rwxr-xr-x");
      Files.writeString(
          dir.resolve(OWNER_FILE),
          Long.toString(ProcessHandle.current().pid()),
          StandardCharsets.US_ASCII);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir under " + TEMP_ROOT, e);
    }
  }

  static synchronized void sweep() {
    for (String prefix : PREFIXES) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TEMP_ROOT, prefix + "*")) {
        for (Path dir : dirs) {
          if (isAbandoned(dir)) {
            signalPostmaster(dir.resolve("data"));
            signalPid(dir.resolve("pgbouncer.pid"), "-TERM");
            ServerUser.deleteTree(dir);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Sweeping is hygiene; a failure here must not fail the test that triggered it.
      }
    }
  }

  private static boolean isAbandoned(Path dir) throws IOException {
    Path owner = dir.resolve(OWNER_FILE);
    if (!Files.exists(owner)) {
      FileTime modified = Files.getLastModifiedTime(dir);
      return modified.toInstant().isBefore(Instant.now().minus(UNCLAIMED_GRACE));
    }
    Optional<Long> pid = readPid(owner);
    return pid.isEmpty() || ProcessHandle.of(pid.get()).map(p -> !p.isAlive()).orElse(true);
  }

  /** SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its backends down with it. */
  static void signalPostmaster(Path dataDir) {
    signalPid(dataDir.resolve("postmaster.pid"), "-QUIT");
  }

  private static void signalPid(Path pidFile, String signal) {
    if (!Files.exists(pidFile)) {
      return;
    }
    readPid(pidFile)
        .ifPresent(
            pid -> {
              Optional<ProcessHandle> process = ProcessHandle.of(pid);
              if (process.isEmpty() || !process.get().isAlive()) {
                return;
              }
              try {
                ProcessRunner.of("kill", signal, Long.toString(pid))
                    .timeout(Duration.ofSeconds(10))
                    .run();
                process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                process.get().destroyForcibly();
              }
            });
  }

  private static Optional<Long> readPid(Path file) {
    try {
      String first =
          Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
              .findFirst()
              .orElse("")
              .trim();
      return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
