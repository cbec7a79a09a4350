package dev.vetro.policy.check;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Action;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.Redactor;
import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.RuleCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one way files are checked, shared by {@code vetro check} and {@code POST /api/v1/ci/check}:
 * split into statements with line and column, each judged on its own the way a migration runner
 * sends them, a transaction block tracked across a file (VETRO-027), tables created earlier in a
 * file known to later statements, DDL before any lock_timeout flagged once per file (VETRO-107),
 * inline ignores with reasons honoured. Files are independent, like separate migration runs.
 */
public final class CheckPipeline {

  private final PolicyEngine engine;

  public CheckPipeline(PolicyEngine engine) {
    this.engine = engine;
  }

  public CheckReport run(List<CheckInput> files, EvalContext ctx, CompiledPolicy policy) {
    List<StatementResult> results = new ArrayList<>();
    for (CheckInput f : files) {
      check(f, ctx, policy, results);
    }
    return new CheckReport(files.size(), results);
  }

  private void check(
      CheckInput f, EvalContext ctx, CompiledPolicy policy, List<StatementResult> out) {
    if (f.content().getBytes(StandardCharsets.UTF_8).length > policy.maxQueryBytes()) {
      // the engine's own size verdict, at the file's start: nothing of it is read
      Decision d = engine.evaluate(f.content(), ctx, policy);
      out.add(
          new StatementResult(
              f.path(),
              1,
              1,
              "",
              d.decision(),
              d.fingerprint(),
              d.violations(),
              List.of(),
              d.locks()));
      return;
    }
    InlineIgnores ignores =
        InlineIgnores.scan(
            f.content(), new LexOptions(ctx.dialect(), ctx.standardConformingStrings()));
    Set<String> createdEarlier = new HashSet<>();
    boolean inBlock = false;
    boolean lockTimeout = false;
    boolean lockTimeoutFlagged = false;
    for (PolicyEngine.Analysed a : engine.analyse(f.content(), ctx)) {
      Set<String> before = Set.copyOf(createdEarlier);
      Decision d = engine.decideStatement(a, inBlock, ctx, policy, createdEarlier);
      inBlock = TransactionBlock.after(a.statement(), a.analysis().kind(), inBlock);
      Violation noTimeout = null;
      if (!lockTimeout && !lockTimeoutFlagged && locksExisting(a, before)) {
        noTimeout = noLockTimeout(policy, ctx.databaseUser());
        lockTimeoutFlagged = true; // once per file: the fix is one SET at the top
      }
      lockTimeout = LockTimeout.after(a.statement(), lockTimeout);
      out.add(result(f.path(), a, d, noTimeout, ignores.before(a.statement().line()), policy));
    }
  }

  /** The statement locks a table that existed before the file (not one it created). */
  private static boolean locksExisting(PolicyEngine.Analysed a, Set<String> createdEarlier) {
    for (Lock l : a.analysis().locks()) {
      String rel = l.relation().toLowerCase(Locale.ROOT);
      String last = rel.substring(rel.lastIndexOf('.') + 1);
      if (!createdEarlier.contains(rel) && !createdEarlier.contains(last)) {
        return true;
      }
    }
    return false;
  }

  /** VETRO-107 as the policy sets it, or null when the policy disables it. */
  private static Violation noLockTimeout(CompiledPolicy policy, String databaseUser) {
    Optional<Action> action = policy.actionFor(RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT, databaseUser);
    if (action.isEmpty()) {
      return null;
    }
    Rule rule = RuleCatalog.get(RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT);
    return new Violation(
        rule.code(),
        rule.severity().jsonName(),
        rule.astNodePath(),
        rule.title(),
        0,
        action.get().verdict(),
        rule.suggestedFix());
  }

  private static StatementResult result(
      String path,
      PolicyEngine.Analysed a,
      Decision d,
      Violation fileLevel,
      InlineIgnores.Directive ignore,
      CompiledPolicy policy) {
    List<Violation> kept = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<Violation> all = new ArrayList<>(d.violations());
    if (fileLevel != null) {
      all.add(fileLevel);
    }
    for (Violation v : all) {
      if (ignore != null && ignore.reason() != null && ignore.codes().contains(v.code())) {
        ignored.add(v.code());
      } else {
        kept.add(v);
      }
    }
    if (ignore != null && ignore.reason() == null) {
      Rule rule = RuleCatalog.get(RuleCatalog.IGNORE_NO_REASON);
      kept.add(
          new Violation(
              rule.code(),
              rule.severity().jsonName(),
              rule.astNodePath(),
              rule.title() + " (" + String.join(", ", ignore.codes()) + ")",
              0,
              Verdict.FLAGGED,
              rule.suggestedFix()));
    }
    Verdict v = Verdict.ALLOWED;
    for (Violation k : kept) {
      v = v.worst(k.action());
    }
    if (policy.mode() == CompiledPolicy.Mode.OBSERVE && v == Verdict.BLOCKED) {
      v = Verdict.FLAGGED;
    }
    return new StatementResult(
        path,
        a.statement().line(),
        a.statement().column(),
        Redactor.redact(a.statement()),
        v,
        a.fingerprint().hex(),
        kept,
        ignored,
        d.locks());
  }
}
