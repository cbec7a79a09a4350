package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.testkit.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The release archive built by this module (vetro-VERSION.tar.gz, made before the tests run),
 * unpacked once per JVM into a temporary directory, plus a PATH on which only a JRE's java and the
 * few tools the scripts need are found — no Maven.
 */
final class Release {

  static final String VERSION = System.getProperty("vetro.version", "0.1.0-SNAPSHOT");
  static final Path ARCHIVE = Path.of("target", "vetro-" + VERSION + ".tar.gz").toAbsolutePath();

  private static Path home;
  private static Path toolDir;

  private Release() {}

  /** The unpacked {@code vetro-VERSION/} directory. */
  static synchronized Path home() throws IOException {
    if (home == null) {
      assertTrue(Files.isRegularFile(ARCHIVE), "the build makes " + ARCHIVE + " before the tests");
      Path dir = Files.createTempDirectory("vetro-release");
      ProcessRunner.of("tar", "-xzf", ARCHIVE.toString(), "-C", dir.toString())
          .timeout(Duration.ofMinutes(2))
          .run()
          .requireSuccess();
      home = dir.resolve("vetro-" + VERSION);
    }
    return home;
  }

  /**
   * A directory of symlinks to exactly the tools a CI runner without Maven would have: java (from
   * the running JRE), git, and the coreutils the scripts use.
   */
  static synchronized String pathWithoutMaven() throws IOException {
    if (toolDir == null) {
      Path dir = Files.createTempDirectory("vetro-path");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Files.createSymbolicLink(dir.resolve("java"), java);
      for (String tool :
          new String[] {
            "bash",
            "sh",
            "git",
            "dirname",
            "cat",
            "mkdir",
            "rm",
            "cp",
            "mv",
            "ls",
            "grep",
            "sed",
            "tr",
            "head",
            "tail",
            "wc",
            "sort",
            "env",
            "printf",
            "test",
            "jq",
            "curl",
            "tee",
            "basename",
            "mktemp",
            "find",
            "xargs"
          }) {
        for (String d : new String[] {"/usr/bin", "/bin"}) {
          Path p = Path.of(d, tool);
          if (Files.isExecutable(p) && !Files.exists(dir.resolve(tool))) {
            Files.createSymbolicLink(dir.resolve(tool), p);
          }
        }
      }
      toolDir = dir;
    }
    assertFalse(Files.exists(toolDir.resolve("mvn")));
    return toolDir.toString();
  }

  /** Environment for a child process: the Maven-free PATH, no JAVA_HOME, no Maven settings. */
  static Map<String, String> env() throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", pathWithoutMaven());
    env.put("JAVA_HOME", null);
    env.put("MAVEN_HOME", null);
    env.put("M2_HOME", null);
    return env;
  }

  static void assertNoMaven(ProcessRunner.Result r) {
    assertFalse(r.stderr().contains("building"), "bin/vetro must not build: " + r.describe());
    assertEquals(-1, r.stdout().indexOf("[INFO]"), r.describe());
  }
}
