package dev.vetro.policy.analysis;

import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.rules.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the analysis learned about one statement, before any policy is applied. Immutable and free
 * of literal values, so it can be cached per fingerprint when {@code literalDependent} is false.
 * Built with {@link #builder}: the components are many and mostly flags, and a positional
 * constructor call is where two booleans get swapped unnoticed.
 *
 * @param kind PostgreSQL parse-node type name (DeleteStmt, SelectStmt …)
 * @param parseError why the statement could not be fully read, or null
 * @param provenHarmless the lexer proved the statement read-only or session-only, so an unparsable
 *     one may pass under {@code parse_error: block_writes}
 * @param literalDependent some finding (or its absence) depends on literal values (tautologies), so
 *     two statements with the same fingerprint may differ: never cache
 * @param createdTables lower-case names of tables this statement creates (for VETRO-020)
 * @param concurrently the statement uses CONCURRENTLY (for VETRO-027)
 * @param locks table-level locks the statement takes (DDL and maintenance), with rewrite and scan
 */
public record StatementAnalysis(
    String kind,
    Coverage coverage,
    List<Finding> findings,
    String parseError,
    boolean provenHarmless,
    boolean literalDependent,
    Set<String> createdTables,
    boolean concurrently,
    List<Lock> locks) {
  /**
   * Prefix of the {@link #createdTables()} entry that says the table was created TEMPORARY: a later
   * unqualified DROP of it in the same request drops that temp table (pg_temp is searched first),
   * so it destroys nothing that existed before.
   */
  public static final String TEMP_TABLE_MARK = "pg_temp:";

  public StatementAnalysis {
    findings = List.copyOf(findings);
    createdTables = Set.copyOf(createdTables);
    locks = List.copyOf(locks);
  }

  public static Builder builder(String kind, Coverage coverage) {
    return new Builder(kind, coverage);
  }

  /** A builder holding this analysis' values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(kind, coverage);
    b.findings.addAll(findings);
    b.parseError = parseError;
    b.provenHarmless = provenHarmless;
    b.literalDependent = literalDependent;
    b.createdTables = createdTables;
    b.concurrently = concurrently;
    b.locks = locks;
    return b;
  }

  /**
   * The analysis without the token scan's findings (function calls, secret relations): used for
   * nested statements, whose tokens the outer statement's scan already covered, so each is reported
   * once.
   */
  StatementAnalysis withoutFunctionFindings() {
    List<Finding> kept =
        findings.stream()
            .filter(f -> !f.path().startsWith("FuncCall(") && !f.path().startsWith("RangeVar("))
            .toList();
    return toBuilder().findings(kept).build();
  }

  /** Collects the components of a {@link StatementAnalysis}; not thread-safe, used once. */
  public static final class Builder {
    private String kind;
    private final Coverage coverage;
    private final List<Finding> findings = new ArrayList<>();
    private String parseError;
    private boolean provenHarmless;
    private boolean literalDependent;
    private Set<String> createdTables = Set.of();
    private boolean concurrently;
    private List<Lock> locks = List.of();

    private Builder(String kind, Coverage coverage) {
      this.kind = kind;
      this.coverage = coverage;
    }

    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    /** Replaces the findings. */
    public Builder findings(List<Finding> findings) {
      this.findings.clear();
      this.findings.addAll(findings);
      return this;
    }

    public Builder addFinding(Finding finding) {
      this.findings.add(finding);
      return this;
    }

    public Builder parseError(String parseError) {
      this.parseError = parseError;
      return this;
    }

    public Builder provenHarmless(boolean provenHarmless) {
      this.provenHarmless = provenHarmless;
      return this;
    }

    public Builder literalDependent(boolean literalDependent) {
      this.literalDependent = literalDependent;
      return this;
    }

    public Builder createdTables(Set<String> createdTables) {
      this.createdTables = createdTables;
      return this;
    }

    public Builder concurrently(boolean concurrently) {
      this.concurrently = concurrently;
      return this;
    }

    public Builder locks(List<Lock> locks) {
      this.locks = locks;
      return this;
    }

    public List<Finding> findings() {
      return findings;
    }

    public StatementAnalysis build() {
      return new StatementAnalysis(
          kind,
          coverage,
          findings,
          parseError,
          provenHarmless,
          literalDependent,
          createdTables,
          concurrently,
          locks);
    }
  }
}
