package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseArchiveTest {

  @TempDir Path work;

  @Test
  void archiveHoldsTheLauncherItsLibsAndBinVetro() throws Exception {
    Path home = Release.home();
    assertTrue(Files.isRegularFile(home.resolve("vetro.jar")));
    assertTrue(Files.isExecutable(home.resolve("bin/vetro")));
    try (var libs = Files.list(home.resolve("lib"))) {
      List<String> names = libs.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.startsWith("vetro-policy-")), names.toString());
      assertTrue(names.stream().anyMatch(n -> n.startsWith("pekko-actor")), names.toString());
    }
    assertTrue(!Files.exists(home.resolve("pom.xml")), "no sources in a release");
  }

  @Test
  void binVetroCheckRunsFromTheUnpackedArchiveWithOnlyAJreOnThePath() throws Exception {
    Path home = Release.home();
    Path migrations = Files.createDirectories(work.resolve("migrations"));
    Files.writeString(migrations.resolve("001_users.sql"), "CREATE TABLE users (id int);\n");
    Files.writeString(migrations.resolve("002_cleanup.sql"), "-- tidy\nDELETE FROM users;\n");

    ProcessRunner.Result r =
        ProcessRunner.of(home.resolve("bin/vetro").toString(), "check", "migrations")
            .env(Release.env())
            .directory(work)
            .timeout(Duration.ofMinutes(3))
            .run();
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(
        r.stdout().contains("migrations/002_cleanup.sql:2:1: BLOCKED VETRO-001"), r.describe());
    Release.assertNoMaven(r);

    Files.delete(migrations.resolve("002_cleanup.sql"));
    ProcessRunner.Result clean =
        ProcessRunner.of(home.resolve("bin/vetro").toString(), "check", "migrations")
            .env(Release.env())
            .directory(work)
            .timeout(Duration.ofMinutes(3))
            .run();
    assertEquals(0, clean.exitCode(), clean.describe());
  }

  @Test
  void mavenIsReallyAbsentFromThatPath() throws Exception {
    ProcessRunner.Result r =
        ProcessRunner.of("bash", "-c", "command -v mvn || echo no-maven")
            .env(Release.env())
            .timeout(Duration.ofMinutes(1))
            .run();
    assertEquals("no-maven", r.stdout().strip(), r.describe());
  }
}
