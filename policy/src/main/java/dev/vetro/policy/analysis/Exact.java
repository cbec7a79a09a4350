package dev.vetro.policy.analysis;

import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.locks.LockMode;
import dev.vetro.policy.rules.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an exact token grammar found: mutable while the grammar runs, read once when it is done.
 * {@code coverage} starts EXACT and drops to the weakest coverage of any nested statement.
 */
final class Exact {

  /** Analyses nested statements: parts of this statement's text, or text of their own. */
  interface Nested {
    /** The tokens from an index to an index of this statement, as a statement of its own. */
    StatementAnalysis analyse(int fromToken, int toToken);

    /**
     * A statement of another text (a function body): {@code tokens} index into {@code text}. Its
     * token-scan findings are kept: the outer statement's scan saw only a string constant.
     */
    StatementAnalysis analyseText(String text, List<dev.vetro.policy.lexer.Token> tokens);
  }

  String kind;
  final List<Finding> findings = new ArrayList<>();
  final Set<String> created = new HashSet<>();
  final List<Lock> locks = new ArrayList<>(1);
  boolean concurrently;
  boolean literalDependent;
  Coverage coverage = Coverage.EXACT;
  String nestedError;

  Exact(String kind) {
    this.kind = kind;
  }

  Exact(String kind, Coverage coverage) {
    this.kind = kind;
    this.coverage = coverage;
  }

  Exact finding(String code, String path) {
    findings.add(Finding.of(code, path));
    return this;
  }

  Exact finding(String code, String path, String detail) {
    findings.add(Finding.of(code, path, detail));
    return this;
  }

  Exact lock(String relation, LockMode mode, boolean rewrites, boolean scans) {
    if (relation != null) {
      locks.add(Lock.of(relation, mode, rewrites, scans));
    }
    return this;
  }

  /** Folds a nested statement's analysis in; its findings are reported under {@code outerPath}. */
  void absorb(StatementAnalysis inner, String outerPath, boolean judgeFindings) {
    if (judgeFindings) {
      for (Finding f : inner.findings()) {
        findings.add(f.nestedIn(outerPath));
      }
    }
    created.addAll(inner.createdTables());
    locks.addAll(inner.locks());
    concurrently |= inner.concurrently();
    literalDependent |= inner.literalDependent();
    coverage = coverage.weakest(inner.coverage());
    if (inner.parseError() != null && judgeFindings) {
      nestedError = inner.parseError();
    }
  }
}
