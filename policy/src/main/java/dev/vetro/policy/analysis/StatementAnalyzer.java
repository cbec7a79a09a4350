package dev.vetro.policy.analysis;

import dev.vetro.policy.kinds.KindVerdicts;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one statement as deeply as it can: the exact token grammars first (utility statements, DDL,
 * nesting statements), then JSqlParser on the canonical text for everything else (DML), and when
 * both fail, a lexer-level judgement with a parse error. Function-call rules run on the tokens of
 * every statement regardless of which reader succeeded. Thread-safe and stateless apart from its
 * configuration.
 */
public final class StatementAnalyzer {

  private static final int MAX_NESTING = 4;

  private final BoundedParser parser;

  public StatementAnalyzer(Duration parseBudget) {
    this.parser = new BoundedParser(parseBudget);
    BoundedParser.warmUp();
  }

  /**
   * @param sql the whole input the token offsets refer to
   * @param tokens the statement's tokens (no terminating semicolon)
   * @param backslashEscapes whether backslash escapes apply in plain strings (PostgreSQL with
   *     standard_conforming_strings off, MySQL by default)
   */
  public StatementAnalysis analyse(
      String sql, List<Token> tokens, Dialect dialect, boolean backslashEscapes) {
    return analyse(sql, tokens, dialect, backslashEscapes, 0);
  }

  private StatementAnalysis analyse(
      String sql, List<Token> tokens, Dialect dialect, boolean backslash, int depth) {
    FunctionScan.Result scan = FunctionScan.scan(sql, tokens, dialect);
    List<Finding> findings = new ArrayList<>(scan.findings());
    String lexError = lexError(tokens);
    if (lexError != null) {
      findings.addAll(TokenFallback.findings(sql, tokens));
      return StatementAnalysis.builder(TokenFallback.kind(sql, tokens), Coverage.LEXER)
          .findings(findings)
          .parseError(lexError)
          .literalDependent(scan.literalDependent())
          .build();
    }
    if (depth >= MAX_NESTING) {
      return StatementAnalysis.builder(TokenFallback.kind(sql, tokens), Coverage.LEXER)
          .findings(findings)
          .parseError("statements nested deeper than " + MAX_NESTING)
          .literalDependent(scan.literalDependent())
          .build();
    }
    Exact.Nested nested =
        new Exact.Nested() {
          @Override
          public StatementAnalysis analyse(int from, int to) {
            return withKindVerdict(
                StatementAnalyzer.this
                    .analyse(sql, tokens.subList(from, to), dialect, backslash, depth + 1)
                    .withoutFunctionFindings(),
                dialect);
          }

          @Override
          public StatementAnalysis analyseText(String text, List<Token> bodyTokens) {
            // a body is PostgreSQL text under standard_conforming_strings = on
            return withKindVerdict(
                StatementAnalyzer.this.analyse(
                    text, bodyTokens, Dialect.POSTGRES, false, depth + 1),
                Dialect.POSTGRES);
          }
        };
    Exact exact = exactGrammar(new TokenCursor(sql, tokens), dialect, nested);
    if (exact != null) {
      LockRules.judge(exact);
      findings.addAll(exact.findings);
      return StatementAnalysis.builder(exact.kind, exact.coverage)
          .findings(findings)
          .parseError(exact.nestedError)
          .literalDependent(exact.literalDependent || scan.literalDependent())
          .createdTables(exact.created)
          .concurrently(exact.concurrently)
          .locks(exact.locks)
          .build();
    }
    String canonical = CanonicalSql.of(sql, tokens, backslash);
    BoundedParser.Result r =
        canonical == null
            ? new BoundedParser.Failed("token the grammar never accepts", false)
            : parser.parse(canonical);
    if (r instanceof BoundedParser.Parsed p) {
      AstRules.Result ast = AstRules.analyse(p.statement());
      findings.addAll(ast.findings());
      String kind = ast.kind() != null ? ast.kind() : TokenFallback.kind(sql, tokens);
      return StatementAnalysis.builder(kind, Coverage.AST)
          .findings(findings)
          .literalDependent(ast.literalDependent() || scan.literalDependent())
          .createdTables(ast.createdTables())
          .build();
    }
    BoundedParser.Failed failed = (BoundedParser.Failed) r;
    findings.addAll(TokenFallback.findings(sql, tokens));
    return StatementAnalysis.builder(TokenFallback.kind(sql, tokens), Coverage.LEXER)
        .findings(findings)
        .parseError(failed.reason())
        .literalDependent(scan.literalDependent())
        .build();
  }

  private static Exact exactGrammar(TokenCursor c, Dialect dialect, Exact.Nested nested) {
    if (c.atEnd()) {
      return null;
    }
    String first = c.lower();
    return switch (first) {
      case "explain" -> NestingGrammar.explain(c, nested);
      case "prepare" -> NestingGrammar.prepare(c, nested);
      case "declare" -> dialect == Dialect.POSTGRES ? NestingGrammar.declare(c, nested) : null;
      case "drop" -> DropGrammar.parse(c);
      case "grant", "revoke" -> DdlGrammar.grant(c);
      case "create" -> create(c, nested);
      case "alter" -> alter(c);
      default -> UtilityGrammar.parse(c, dialect, nested);
    };
  }

  private static Exact create(TokenCursor c, Exact.Nested nested) {
    int save = c.pos();
    int i = 1;
    if (c.isWordAt(1, "or") && c.isWordAt(2, "replace")) {
      i = 3;
    }
    if (c.isWordAt(i, "index") || c.isWordAt(i, "unique") && c.isWordAt(i + 1, "index")) {
      return DdlGrammar.createIndex(c);
    }
    if ((c.isWordAt(1, "role") || c.isWordAt(1, "user") || c.isWordAt(1, "group"))
        && !c.isWordAt(2, "mapping")) {
      return DdlGrammar.role(c, true);
    }
    if (c.isWordAt(i, "rule")) {
      return NestingGrammar.rule(c, nested);
    }
    Exact table = NestingGrammar.createTable(c, nested);
    if (table != null) {
      return table;
    }
    Exact definition = definitionGrammar(c, save, i, nested);
    if (definition != null) {
      return definition;
    }
    c.seek(save);
    return DdlGrammar.ruleFreeCreate(c);
  }

  /**
   * Object definitions with exact grammars; each is tried only when its keyword is where the object
   * type goes, and a grammar that does not accept the tokens leaves them to the header recogniser
   * (which no rule depends on).
   */
  private static Exact definitionGrammar(TokenCursor c, int save, int i, Exact.Nested nested) {
    c.seek(save);
    int t = i;
    while (c.isWordAt(t, "temp")
        || c.isWordAt(t, "temporary")
        || c.isWordAt(t, "local")
        || c.isWordAt(t, "global")
        || c.isWordAt(t, "unlogged")
        || c.isWordAt(t, "recursive")
        || c.isWordAt(t, "constraint")) {
      t++;
    }
    String type = c.peek(t) == null ? "" : c.lowerAt(c.pos() + t);
    return switch (type) {
      case "function", "procedure" -> FunctionGrammar.create(c, nested);
      case "view", "materialized" -> ViewGrammar.create(c, nested);
      case "trigger", "event" -> TriggerGrammar.create(c);
      case "policy" -> PolicyGrammar.parse(c);
      case "aggregate", "operator", "text", "collation", "type", "cast", "access" ->
          DefineGrammar.create(c);
      case "sequence" -> SequenceDomainGrammar.createSequence(c);
      case "domain" -> SequenceDomainGrammar.createDomain(c);
      case "schema" -> SchemaGrammar.create(c, nested);
      case "publication", "subscription" -> ReplicationGrammar.parse(c);
      case "statistics" -> StatisticsGrammar.create(c);
      case "foreign", "server", "user" -> ForeignGrammar.parse(c);
      default -> null;
    };
  }

  private static Exact alter(TokenCursor c) {
    if (c.isWordAt(1, "table")) {
      return AlterTableGrammar.parse(c);
    }
    if ((c.isWordAt(1, "role") || c.isWordAt(1, "user") || c.isWordAt(1, "group"))
        && !c.isWordAt(2, "mapping")) {
      return DdlGrammar.role(c, false);
    }
    if (c.isWordAt(1, "system")) {
      return DdlGrammar.alterSystem(c);
    }
    if (c.isWordAt(1, "database")) {
      Exact db = DdlGrammar.alterDatabase(c);
      if (db != null) {
        return db;
      }
    }
    if (c.isWordAt(1, "default") && c.isWordAt(2, "privileges")) {
      return DdlGrammar.alterDefaultPrivileges(c);
    }
    int save = c.pos();
    Exact exact = c.isWordAt(1, "policy") ? PolicyGrammar.parse(c) : AlterObjectGrammar.parse(c);
    exact = exact != null ? exact : alterOther(c, save);
    if (exact != null) {
      return exact;
    }
    c.seek(save);
    return DdlGrammar.ruleFreeAlter(c);
  }

  /**
   * ALTER forms other than RENAME / OWNER TO / SET SCHEMA, by object type; null when none accepts.
   */
  private static Exact alterOther(TokenCursor c, int save) {
    c.seek(save);
    String type = c.peek(1) == null ? "" : c.lowerAt(save + 1);
    switch (type) {
      case "sequence":
        return SequenceDomainGrammar.alterSequence(c);
      case "publication", "subscription":
        return ReplicationGrammar.parse(c);
      case "server", "user":
        return ForeignGrammar.parse(c);
      case "domain":
        return SequenceDomainGrammar.alterDomain(c);
      case "foreign":
        if (c.isWordAt(2, "table")) {
          c.seek(save + 1); // AlterTableGrammar steps over two words: FOREIGN TABLE here
          return AlterTableGrammar.parse(c);
        }
        return ForeignGrammar.parse(c);
      case "materialized":
        c.seek(save + 1); // MATERIALIZED VIEW
        return AlterTableGrammar.parse(c);
      case "index", "view":
        return AlterTableGrammar.parse(c);
      default:
        return null;
    }
  }

  /**
   * A nested statement (EXPLAIN ANALYZE, PREPARE, rule actions, function bodies) gets its kind's
   * verdict as a top-level one does in the engine. PostgreSQL only: the table is PostgreSQL's.
   */
  private static StatementAnalysis withKindVerdict(StatementAnalysis a, Dialect dialect) {
    if (dialect != Dialect.POSTGRES) {
      return a;
    }
    StatementAnalysis.Builder b = a.toBuilder();
    KindVerdicts.judge(a.kind(), b.findings());
    return b.build();
  }

  private static String lexError(List<Token> tokens) {
    for (Token t : tokens) {
      if (t.type() == TokenType.ERROR) {
        return "text the server's scanner rejects (unterminated string, comment, quoted identifier or "
            + "dollar quote) at offset "
            + t.start();
      }
    }
    return null;
  }

  /** A time-budget failure depends on load, not on the text: never cache it. */
  public static boolean isTimeout(StatementAnalysis a) {
    return a.parseError() != null && a.parseError().startsWith(BoundedParser.TIMEOUT_PREFIX);
  }

  static Set<String> codes(List<Finding> findings) {
    Set<String> s = new HashSet<>();
    for (Finding f : findings) {
      s.add(f.code());
    }
    return s;
  }
}
