package dev.vetro.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subcommands reach their modules and exit codes survive the dispatch (Main exits, so a child
 * JVM).
 */
class LauncherTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private Run vetro(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile())
            .start();
    assertTrue(
        p.waitFor(120, TimeUnit.SECONDS), "vetro " + String.join(" ", args) + " did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheSubcommands() throws Exception {
    Run run = vetro("help");
    assertEquals(0, run.exit());
    assertTrue(run.out().contains("proxy") && run.out().contains("check"), run.out());
  }

  @Test
  void unknownCommandIsAUsageError() throws Exception {
    Run run = vetro("frobnicate");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("unknown command 'frobnicate'"), run.err());
  }

  @Test
  void checkExitsOneWhenAMigrationIsBlockedAndZeroWhenClean() throws Exception {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(
        migrations.resolve("001_create.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    Run clean = vetro("check", migrations.toString());
    assertEquals(0, clean.exit(), clean.out() + clean.err());

    Files.writeString(migrations.resolve("002_cleanup.sql"), "DELETE FROM users;\n");
    Run blocked = vetro("check", migrations.toString());
    assertEquals(1, blocked.exit(), blocked.out() + blocked.err());
    assertTrue(blocked.out().contains("VETRO-001"), blocked.out());
  }
}
