package dev.vetro.policy.locks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A table-level lock a statement takes, following PostgreSQL's documented behaviour per statement
 * and ALTER TABLE subcommand, and what the statement does while holding it.
 *
 * @param relation the relation as written (lower-cased unless quoted)
 * @param mode the strongest mode the statement takes on it
 * @param rewrites the table (or index) is rewritten: time grows with its size
 * @param scans the whole table is read (validation, index build) while the lock is held
 */
public record Lock(
    @JsonProperty("relation") String relation,
    @JsonProperty("mode") String mode,
    @JsonProperty("rewrites") boolean rewrites,
    @JsonProperty("scans") boolean scans,
    @JsonProperty("blocks") List<String> blocks) {

  public Lock {
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(mode, "mode");
    blocks = List.copyOf(blocks);
  }

  public static Lock of(String relation, LockMode mode, boolean rewrites, boolean scans) {
    return new Lock(relation, mode.sql(), rewrites, scans, mode.blocks());
  }

  /** ACCESS EXCLUSIVE held for work that grows with the table: every query waits that long. */
  public boolean longExclusive() {
    return mode.equals(LockMode.ACCESS_EXCLUSIVE.sql()) && (rewrites || scans);
  }

  /** One line for people: {@code ACCESS EXCLUSIVE on orders (rewrites; blocks reads, writes)}. */
  public String describe() {
    StringBuilder b = new StringBuilder(mode).append(" on ").append(relation);
    String work = rewrites ? "rewrites" : scans ? "scans" : "";
    String blocked =
        blocks.isEmpty() ? "blocks other DDL only" : "blocks " + String.join(", ", blocks);
    b.append(" (");
    if (!work.isEmpty()) {
      b.append(work).append("; ");
    }
    return b.append(blocked).append(')').toString();
  }
}
