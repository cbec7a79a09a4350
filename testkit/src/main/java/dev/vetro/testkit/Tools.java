package dev.vetro.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real client programs for tests, installed on first use when missing.
 *
 * <p>CI runs {@code testkit/bin/install-test-deps} first so nothing is installed inside a timed
 * test; on a developer machine the first test that needs psql installs it. Installs are serialized
 * across JVMs ({@link Installer}); a failed install throws with apt's or npm's output.
 */
public final class Tools {
  private static final Path PG_BIN = Path.of(PostgresLauncher.DEFAULT_BIN);
  private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");
  private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
  static final String NODE_PG_SPEC = "pg@8";

  private static Path psql;
  private static Path pgbench;
  private static Path pgbouncer;
  private static Path python;
  private static NodePg nodePg;

  private Tools() {}

  /**
   * psql 15 ({@code postgresql-client-15}); {@code $VETRO_PG_BIN/psql} when that is set and
   * present.
   */
  public static synchronized Path psql() {
    if (psql == null) {
      psql = pgClient("psql", "postgresql-client-15");
    }
    return psql;
  }

  /** pgbench 15; Debian ships it in the server package {@code postgresql-15}. */
  public static synchronized Path pgbench() {
    if (pgbench == null) {
      pgbench = pgClient("pgbench", "postgresql-15");
    }
    return pgbench;
  }

  public static synchronized Path pgbouncer() {
    if (pgbouncer == null) {
      Installer.ensure(() -> Files.isExecutable(PGBOUNCER), List.of("pgbouncer"), "pgbouncer");
      pgbouncer = PGBOUNCER;
    }
    return pgbouncer;
  }

  /**
   * Debian's {@code /usr/bin/python3} with psycopg2 and psycopg 3 importable. Not the {@code
   * python3} on PATH: here that is a pyenv build that cannot see Debian's modules.
   */
  public static synchronized Path debianPython() {
    if (python == null) {
      Installer.ensure(
          Tools::pythonHasDrivers,
          List.of("python3", "python3-psycopg2", "python3-psycopg"),
          "/usr/bin/python3 with psycopg2 and psycopg");
      python = DEBIAN_PYTHON;
    }
    return python;
  }

  /** node plus a directory holding the npm package {@code pg} 8.x (in {@link #cacheDir()}). */
  public static synchronized NodePg nodeWithPg() {
    if (nodePg == null) {
      Path node = findOnPath("node");
      if (node == null) {
        Installer.ensure(() -> findOnPath("node") != null, List.of("nodejs"), "node");
        node = findOnPath("node");
      }
      if (findOnPath("npm") == null && !Files.exists(nodePgPackageJson())) {
        Installer.ensure(() -> findOnPath("npm") != null, List.of("npm"), "npm");
      }
      Installer.ensureNpmPackage(nodeDir(), NODE_PG_SPEC, () -> nodePgVersion().startsWith("8."));
      nodePg = new NodePg(node, nodeDir().resolve("node_modules"), nodePgVersion());
    }
    return nodePg;
  }

  /**
   * {@code $VETRO_TEST_CACHE}, else {@code $XDG_CACHE_HOME/vetro-test}, else {@code
   * ~/.cache/vetro-test}.
   */
  public static Path cacheDir() {
    String explicit = System.getenv("VETRO_TEST_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("vetro-test");
  }

  static Path nodeDir() {
    return cacheDir().resolve("node");
  }

  private static Path nodePgPackageJson() {
    return nodeDir().resolve("node_modules").resolve("pg").resolve("package.json");
  }

  private static String nodePgVersion() {
    try {
      Matcher version =
          Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
              .matcher(Files.readString(nodePgPackageJson()));
      return version.find() ? version.group(1) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Path pgClient(String name, String debianPackage) {
    String override = System.getenv("VETRO_PG_BIN");
    if (override != null && !override.isBlank() && Files.isExecutable(Path.of(override, name))) {
      return Path.of(override, name);
    }
    Path path = PG_BIN.resolve(name);
    Installer.ensure(() -> Files.isExecutable(path), List.of(debianPackage), name);
    return path;
  }

  private static boolean pythonHasDrivers() {
    if (!Files.isExecutable(DEBIAN_PYTHON)) {
      return false;
    }
    return ProcessRunner.of(DEBIAN_PYTHON.toString(), "-c", "import psycopg2, psycopg")
        .timeout(Duration.ofSeconds(60))
        .run()
        .succeeded();
  }

  static Path findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : (path + ":/usr/local/bin:/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    return null;
  }

  /**
   * node and the {@code node_modules} directory to pass as NODE_PATH so {@code require('pg')}
   * works.
   */
  public record NodePg(Path node, Path nodePath, String pgVersion) {
    public Map<String, String> env() {
      return Map.of("NODE_PATH", nodePath.toString());
    }

    /** A runner for {@code node -e script} with NODE_PATH set. */
    public ProcessRunner script(String javascript) {
      return ProcessRunner.of(node.toString(), "-e", javascript).env(env());
    }
  }
}
