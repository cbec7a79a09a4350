package dev.vetro.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.TestNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every commit acknowledged before a {@code kill -9} is in the H2 file after the restart, with the
 * space of dead chunks reused at once (so that new chunks land in holes of the file): a chain of
 * writer JVMs ({@link H2CrashWriter}) on one file, each killed with SIGKILL after a random number
 * of acknowledged commits, each checking at start what the previous one acknowledged.
 *
 * <p>Without {@link H2Recovery}'s full scan ({@code -Dvetro.h2crash.recover=false}) this fails: on
 * 2026-12-02, H2 2.5.252 reopened an older version after 5 kills of 15 (up to 49 acknowledged
 * commits missing at once). Fast (about a second per kill), so it runs with the unit tests.
 */
class H2CrashRecoveryTest {
  private static final int KILLS = 15;

  @Test
  void acknowledgedCommitsSurviveKill9WhenSpaceIsReused() throws Exception {
    Path dir = TestNode.tempDir("vetro-h2crash");
    Path base = dir.resolve("db");
    Path acked = dir.resolve("acked.txt");
    String recover = System.getProperty("vetro.h2crash.recover", "true");
    Random random = new Random();
    List<String> lost = new ArrayList<>();
    long checked = 0;
    for (int round = 0; round <= KILLS; round++) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "-Drecover=" + recover,
                  "-cp",
                  System.getProperty("java.class.path"),
                  H2CrashWriter.class.getName(),
                  base.toString(),
                  acked.toString())
              .redirectError(dir.resolve("writer-" + round + ".log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
      List<String> ackedNow = new ArrayList<>();
      int killAfter = 1 + random.nextInt(300);
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("CHECK ")) {
            String[] f = line.split(" ");
            checked += Long.parseLong(f[1]);
            if (!f[2].equals("0")) {
              lost.add("restart " + round + ": " + f[2] + " of " + f[1] + " acknowledged missing");
            }
            if (round == KILLS) {
              break;
            }
          } else if (line.startsWith("ACK ")
              && ackedNow.add(line.substring(4))
              && ackedNow.size() >= killAfter) {
            break;
          }
        }
      } finally {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer survived SIGKILL");
      }
      assertTrue(
          round == KILLS || !ackedNow.isEmpty(),
          "writer " + round + " acknowledged nothing: " + log(dir, round));
      Files.write(acked, ackedNow);
    }
    assertTrue(checked >= KILLS, "checked " + checked + " acknowledged commits");
    assertEquals(List.of(), lost, "acknowledged commits lost after kill -9");
  }

  private static String log(Path dir, int round) {
    try {
      return Files.readString(dir.resolve("writer-" + round + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
