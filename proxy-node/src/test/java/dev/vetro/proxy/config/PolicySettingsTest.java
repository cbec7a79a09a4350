package dev.vetro.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  @Test
  void nothingConfiguredMeansDefaultCatalogAndJsonLinesUnderTheDataDir() {
    PolicySettings s = PolicySettings.fromEnv(Map.of("VETRO_DATA_DIR", "/tmp/vd"));
    assertTrue(s.policyFile().isEmpty());
    assertTrue(s.controlPlane().isEmpty());
    assertEquals(Path.of("/tmp/vd/decisions.jsonl"), s.decisionLog());
    assertEquals(PolicySettings.DEFAULT_DATABASE_ID, s.databaseId());
    assertEquals(15, s.heartbeatInterval().toSeconds());
  }

  @Test
  void policyFileAndApiTogetherAreRefusedNamingBoth() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                PolicySettings.fromEnv(
                    Map.of(
                        "VETRO_POLICY_FILE",
                        "/x.json",
                        "VETRO_API_URL",
                        "http://h",
                        "VETRO_API_KEY",
                        "k",
                        "VETRO_DATABASE_ID",
                        "d")));
    assertTrue(
        e.getMessage().contains("VETRO_POLICY_FILE") && e.getMessage().contains("VETRO_API_URL"),
        e.getMessage());
  }

  @Test
  void apiWithoutKeyOrDatabaseNamesWhatIsMissing() {
    ConfigException noKey =
        assertThrows(
            ConfigException.class,
            () ->
                PolicySettings.fromEnv(
                    Map.of("VETRO_API_URL", "http://h", "VETRO_DATABASE_ID", "d")));
    assertTrue(noKey.getMessage().contains("VETRO_API_KEY"), noKey.getMessage());
    ConfigException noDb =
        assertThrows(
            ConfigException.class,
            () ->
                PolicySettings.fromEnv(Map.of("VETRO_API_URL", "http://h", "VETRO_API_KEY", "k")));
    assertTrue(noDb.getMessage().contains("VETRO_DATABASE_ID"), noDb.getMessage());
  }

  @Test
  void apiUrlIsAcceptedAsBaseOrApiRootAndMustBeHttp() {
    assertEquals("http://h:8080/api/v1", PolicySettings.apiBase("http://h:8080/").toString());
    assertEquals("https://h/api/v1", PolicySettings.apiBase("https://h/api/v1").toString());
    ConfigException e =
        assertThrows(ConfigException.class, () -> PolicySettings.apiBase("ftp://h"));
    assertTrue(e.getMessage().contains("VETRO_API_URL"), e.getMessage());
  }

  @Test
  void numbersAreCheckedWithTheVariableName() {
    ConfigException word =
        assertThrows(
            ConfigException.class,
            () -> PolicySettings.fromEnv(Map.of("VETRO_HEARTBEAT_SECONDS", "often")));
    assertTrue(word.getMessage().startsWith("VETRO_HEARTBEAT_SECONDS"), word.getMessage());
    ConfigException big =
        assertThrows(
            ConfigException.class,
            () -> PolicySettings.fromEnv(Map.of("VETRO_EVENT_BATCH", "5000")));
    assertTrue(big.getMessage().contains("1000"), big.getMessage());
  }
}
