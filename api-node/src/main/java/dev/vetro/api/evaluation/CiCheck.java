package dev.vetro.api.evaluation;

import dev.vetro.api.http.ApiException;
import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.lexer.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ci/check}: every statement of every file judged on its own, with its line and column, the
 * way a migration runner will send them. Files are independent (a table created in one file is not
 * known to the next), like separate migration runs.
 */
public final class CiCheck {
  static final int MAX_FILES = 500;

  public record SourceFile(String path, String content) {}

  public record Result(
      String path,
      int line,
      int column,
      String statement,
      String decision,
      String ruleCode,
      String severity,
      String message,
      String suggestedFix,
      String fingerprint,
      List<Violation> violations) {}

  public record Report(
      int files, int statements, int blocked, int flagged, boolean passed, List<Result> results) {}

  private final PolicyEngine engine;

  public CiCheck(PolicyEngine engine) {
    this.engine = engine;
  }

  static String format(String raw) {
    String f = raw.toLowerCase(Locale.ROOT);
    if (!f.equals("json") && !f.equals("sarif")) {
      throw ApiException.invalid("field 'format' must be json or sarif, not '" + raw + "'");
    }
    return f;
  }

  public Report run(
      List<SourceFile> files, String dialect, String databaseUser, CompiledPolicy policy) {
    EvalContext ctx = Evaluator.context(dialect, databaseUser);
    List<Result> results = new ArrayList<>();
    for (SourceFile f : files) {
      if (f.content().getBytes(StandardCharsets.UTF_8).length > policy.maxQueryBytes()) {
        results.add(result(f.path(), 1, 1, "", engine.evaluate(f.content(), ctx, policy)));
        continue;
      }
      Set<String> createdEarlier = new HashSet<>();
      boolean inTransaction = false;
      for (PolicyEngine.Analysed a : engine.analyse(f.content(), ctx)) {
        Decision d = engine.decideStatement(a, inTransaction, ctx, policy, createdEarlier);
        results.add(
            result(
                f.path(),
                a.statement().line(),
                a.statement().column(),
                Redactor.redact(a.statement()),
                d));
        inTransaction = transactionAfter(a.statement().text(), inTransaction);
      }
    }
    int blocked =
        (int) results.stream().filter(r -> r.decision().equals(Verdict.BLOCKED.name())).count();
    int flagged =
        (int) results.stream().filter(r -> r.decision().equals(Verdict.FLAGGED.name())).count();
    return new Report(
        files.size(), results.size(), blocked, flagged, blocked == 0, List.copyOf(results));
  }

  private static Result result(String path, int line, int column, String preview, Decision d) {
    String statement =
        preview.length() > Evaluator.PREVIEW_CHARS
            ? preview.substring(0, Evaluator.PREVIEW_CHARS)
            : preview;
    return new Result(
        path,
        line,
        column,
        statement,
        d.decision().name(),
        d.ruleCode(),
        d.severity(),
        d.message(),
        d.suggestedFix(),
        d.fingerprint(),
        d.violations());
  }

  /**
   * BEGIN/START open a block, COMMIT/ROLLBACK/END/ABORT close it (CONCURRENTLY inside one fails).
   */
  static boolean transactionAfter(String statement, boolean before) {
    String first = statement.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return switch (first) {
      case "BEGIN", "START" -> true;
      case "COMMIT", "ROLLBACK", "END", "ABORT" ->
          statement.toUpperCase(Locale.ROOT).contains(" TO ") && before;
      default -> before;
    };
  }
}
