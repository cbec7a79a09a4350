package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesDocTest {

  @Test
  void committedRulesDocMatchesTheCatalog() throws IOException {
    Path doc = Path.of("../docs/rules.md"); // surefire runs in policy/
    assertTrue(
        Files.isRegularFile(doc),
        "docs/rules.md is missing; generate it from the repository root: " + RulesDoc.REGENERATE);
    assertEquals(
        RulesDoc.render(),
        Files.readString(doc, StandardCharsets.UTF_8),
        "docs/rules.md is out of date; regenerate it from the repository root: "
            + RulesDoc.REGENERATE);
  }
}
