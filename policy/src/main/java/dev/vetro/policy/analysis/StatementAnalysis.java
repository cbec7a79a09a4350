package dev.vetro.policy.analysis;

import dev.vetro.policy.rules.Finding;
import java.util.List;
import java.util.Set;

/**
 * What the analysis learned about one statement, before any policy is applied. Immutable and free
 * of literal values, so it can be cached per fingerprint when {@code literalDependent} is false.
 *
 * @param kind PostgreSQL parse-node type name (DeleteStmt, SelectStmt …)
 * @param parseError why the statement could not be fully read, or null
 * @param provenHarmless the lexer proved the statement read-only or session-only, so an unparsable
 *     one may pass under {@code parse_error: block_writes}
 * @param literalDependent some finding (or its absence) depends on literal values (tautologies), so
 *     two statements with the same fingerprint may differ: never cache
 * @param createdTables lower-case names of tables this statement creates (for VETRO-020)
 * @param concurrently the statement uses CONCURRENTLY (for VETRO-027)
 */
public record StatementAnalysis(
    String kind,
    Coverage coverage,
    List<Finding> findings,
    String parseError,
    boolean provenHarmless,
    boolean literalDependent,
    Set<String> createdTables,
    boolean concurrently) {

  public StatementAnalysis {
    findings = List.copyOf(findings);
    createdTables = Set.copyOf(createdTables);
  }

  /**
   * The analysis without function-call findings: used for nested statements, whose tokens the outer
   * statement's scan already covered, so each call is reported once.
   */
  StatementAnalysis withoutFunctionFindings() {
    List<Finding> kept =
        findings.stream()
            .filter(
                f ->
                    !f.code().equals("VETRO-070") && !f.code().equals("VETRO-073")
                        || !f.path().startsWith("FuncCall("))
            .toList();
    return new StatementAnalysis(
        kind,
        coverage,
        kept,
        parseError,
        provenHarmless,
        literalDependent,
        createdTables,
        concurrently);
  }
}
