package dev.vetro.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sweep removes what dead JVMs left behind and never touches a live JVM's servers. */
class StaleServersTest {

  @Test
  void dirOfADeadJvmIsSweptAndDirOfALiveOneIsKept() throws Exception {
    Path mine = StaleServers.createOwnedTempDir("vetro-pg-");
    Path orphan = StaleServers.createOwnedTempDir("vetro-pgbouncer-");
    try {
      Process finished = new ProcessBuilder("true").start();
      finished.waitFor();
      Files.writeString(orphan.resolve("owner.pid"), Long.toString(finished.pid()));
      Files.writeString(orphan.resolve("leftover.txt"), "x");

      StaleServers.sweep();

      assertFalse(Files.exists(orphan), orphan + " of a dead owner survived the sweep");
      assertTrue(Files.exists(mine.resolve("owner.pid")), mine + " of this live JVM was swept");
    } finally {
      ServerUser.deleteTree(mine);
      ServerUser.deleteTree(orphan);
    }
  }

  @Test
  void sharedServerSurvivesASweep() {
    PostgresServer pg = PostgresServer.shared();
    StaleServers.sweep();
    assertTrue(pg.isRunning());
    assertTrue(Files.isDirectory(pg.dataDir()));
    pg.execAsSuperuser("SELECT 1");
  }
}
