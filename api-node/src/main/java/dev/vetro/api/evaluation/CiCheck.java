package dev.vetro.api.evaluation;

import dev.vetro.api.http.ApiException;
import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.check.CheckInput;
import dev.vetro.policy.check.CheckPipeline;
import dev.vetro.policy.check.CheckReport;
import dev.vetro.policy.check.StatementResult;
import dev.vetro.policy.decision.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ci/check}: the policy module's {@link CheckPipeline} (the same as {@code vetro check}, so
 * both give the same results for the same files, inline ignores included) rendered as this API's
 * JSON, SARIF or GitLab Code Quality.
 */
public final class CiCheck {
  static final int MAX_FILES = 500;

  static final List<String> FORMATS = List.of("json", "sarif", "gitlab");

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
      List<Violation> violations,
      List<String> ignored) {}

  public record Report(
      int files, int statements, int blocked, int flagged, boolean passed, List<Result> results) {}

  private final CheckPipeline pipeline;

  public CiCheck(PolicyEngine engine) {
    this.pipeline = new CheckPipeline(engine);
  }

  static String format(String raw) {
    String f = raw.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(f)) {
      throw ApiException.invalid("field 'format' must be json, sarif or gitlab, not '" + raw + "'");
    }
    return f;
  }

  /** The pipeline's own report, for the SARIF and GitLab writers. */
  public CheckReport check(
      List<SourceFile> files, String dialect, String databaseUser, CompiledPolicy policy) {
    List<CheckInput> inputs = new ArrayList<>(files.size());
    for (SourceFile f : files) {
      inputs.add(new CheckInput(f.path(), f.content()));
    }
    return pipeline.run(inputs, Evaluator.context(dialect, databaseUser), policy);
  }

  public Report run(
      List<SourceFile> files, String dialect, String databaseUser, CompiledPolicy policy) {
    return view(check(files, dialect, databaseUser, policy));
  }

  static Report view(CheckReport report) {
    List<Result> results = new ArrayList<>(report.results().size());
    for (StatementResult r : report.results()) {
      results.add(result(r));
    }
    return new Report(
        report.files(),
        results.size(),
        report.blocked(),
        report.flagged(),
        report.passed(),
        List.copyOf(results));
  }

  private static Result result(StatementResult r) {
    String statement =
        r.preview().length() > Evaluator.PREVIEW_CHARS
            ? r.preview().substring(0, Evaluator.PREVIEW_CHARS)
            : r.preview();
    Violation h = r.headline();
    return new Result(
        r.path(),
        r.line(),
        r.column(),
        statement,
        r.decision().name(),
        h == null ? null : h.code(),
        h == null ? null : h.severity(),
        h == null ? null : h.message(),
        h == null ? null : h.suggestedFix(),
        r.fingerprint(),
        r.violations(),
        r.ignored());
  }
}
