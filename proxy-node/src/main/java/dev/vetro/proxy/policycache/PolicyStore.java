package dev.vetro.proxy.policycache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last policy a node got from the control plane, on local disk under {@code VETRO_DATA_DIR}, so
 * a proxy restarted while the API is down still enforces it instead of falling back to the default
 * catalog. Written atomically (temp file + rename): a crash mid-write leaves the old one.
 */
public final class PolicyStore {
  private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Stored(
      @JsonProperty("database_id") String databaseId,
      @JsonProperty("etag") String etag,
      @JsonProperty("fetched_from") String fetchedFrom,
      @JsonProperty("policy") String policyJson) {}

  private final Path dir;

  public PolicyStore(Path dir) {
    this.dir = dir;
  }

  public Path fileFor(String databaseId) {
    // database ids are the control plane's opaque strings: keep the file name safe whatever they
    // are
    return dir.resolve("policy-" + databaseId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /**
   * The stored document with origin {@code last-known-good <file>}, or empty (absent or
   * unreadable).
   */
  public Optional<PolicyDocument> load(String databaseId) {
    Path file = fileFor(databaseId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Stored s = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
      PolicyDocument doc =
          new PolicyDocument(
              databaseId,
              s.policyJson(),
              s.etag(),
              "last-known-good " + file.toAbsolutePath().normalize());
      doc.compile(); // an unusable file must not shadow the default catalog
      return Optional.of(doc);
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring last-known-good policy {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Never throws: failing to persist costs only the restart-during-outage guarantee, logged. */
  public void save(PolicyDocument doc) {
    Path file = fileFor(doc.databaseId());
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".policy-", ".tmp");
      Files.writeString(
          tmp,
          JSON.writeValueAsString(
              new Stored(doc.databaseId(), doc.etag(), doc.origin(), doc.policyJson())),
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "cannot persist the policy for database {} to {}: {}",
          doc.databaseId(),
          file,
          e.toString());
    }
  }
}
