package dev.vetro.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

  @Test
  void defaultsMatchTheDocumentedEnvironment() {
    ApiConfig c = ApiConfig.fromEnv(Map.of());
    assertEquals(8080, c.port());
    assertEquals(Path.of("./.vetro/data"), c.dataDir());
    assertTrue(c.journalUrl().isEmpty());
    assertEquals(ApiConfig.MIN_KDF_ITERATIONS, c.kdfIterations());
    assertEquals("127.0.0.1", c.clusterHost());
  }

  @Test
  void readsPortJournalAndSeeds() {
    ApiConfig c =
        ApiConfig.fromEnv(
            Map.of(
                "VETRO_API_PORT",
                "9090",
                "VETRO_JOURNAL_URL",
                "jdbc:postgresql://db/vetro",
                "VETRO_JOURNAL_USER",
                "u",
                "VETRO_JOURNAL_PASSWORD",
                "p",
                "VETRO_API_SEED_NODES",
                "pekko://vetro-api@a:25520, pekko://vetro-api@b:25520",
                "VETRO_API_CLUSTER_HOST",
                "a"));
    assertEquals(9090, c.port());
    assertEquals("jdbc:postgresql://db/vetro", c.journalUrl().orElseThrow());
    assertEquals(List.of("pekko://vetro-api@a:25520", "pekko://vetro-api@b:25520"), c.seedNodes());
    assertEquals("a", c.clusterHost());
  }

  @Test
  void rejectsBadValuesWithTheVariableName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiConfig.fromEnv(Map.of("VETRO_API_PORT", "eighty")));
    assertTrue(e.getMessage().contains("VETRO_API_PORT"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ApiConfig.fromEnv(Map.of("VETRO_KDF_ITERATIONS", "1000")));
  }
}
