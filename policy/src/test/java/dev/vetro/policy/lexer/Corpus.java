package dev.vetro.policy.lexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared pg_regress corpus: statements PostgreSQL 15's parser accepts, with their node type.
 */
final class Corpus {

  record Entry(String file, String kind, String sql) {}

  private static final String DEFAULT = "/work/shared/corpus/pg_regress.jsonl";

  private Corpus() {}

  /** Finds the corpus or fails saying where it looked: a missing corpus must not pass silently. */
  static Path locate() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("vetro.corpus");
    if (property != null) {
      candidates.add(Path.of(property));
    }
    String env = System.getenv("VETRO_CORPUS");
    if (env != null) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("../../shared/corpus/pg_regress.jsonl"));
    candidates.add(Path.of("../shared/corpus/pg_regress.jsonl"));
    candidates.add(Path.of(DEFAULT));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "pg_regress corpus not found; looked at "
            + candidates
            + " (set -Dvetro.corpus=... or VETRO_CORPUS)");
  }

  static List<Entry> load() {
    ObjectMapper mapper = new ObjectMapper();
    List<Entry> entries = new ArrayList<>(40_000);
    try (BufferedReader in = Files.newBufferedReader(locate(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        entries.add(
            new Entry(
                node.path("file").asText(), node.path("kind").asText(), node.path("sql").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
