package dev.vetro.policy;

import dev.vetro.policy.analysis.StatementAnalysis;
import dev.vetro.policy.analysis.StatementAnalyzer;
import dev.vetro.policy.cache.AnalysisCache;
import dev.vetro.policy.decision.Decider;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.kinds.KindVerdicts;
import dev.vetro.policy.lexer.Classification;
import dev.vetro.policy.lexer.Classifier;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.Effect;
import dev.vetro.policy.lexer.Fingerprint;
import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.SqlStatement;
import dev.vetro.policy.lexer.Statements;
import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.RuleCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The entry point the proxy and the HTTP API call: split → classify → cache → analyse → rules →
 * decision. Thread-safe; create one per node and share it. A multi-statement string is judged
 * whole: the worst statement decides.
 */
public final class PolicyEngine {

  /**
   * Findings about a table that do not apply when an earlier statement of the same request created
   * it: an index built on a new table locks nobody, and dropping a new table loses no data that
   * existed before the request.
   */
  // Only the index rule: a DROP is never excused by an earlier CREATE in the request, because the
  // names are compared by their last part (tmp.users vs public.users) and CREATE TABLE IF NOT
  // EXISTS may name a table that already held data.
  private static final Set<String> NEW_TABLE_EXEMPT =
      Set.of(RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY);

  private static final Set<String> DROP_OF_NEW_TEMP_EXEMPT =
      Set.of(RuleCodes.DROP_TABLE_OR_DATABASE, RuleCodes.DROP_DATA_OBJECT, RuleCodes.DROP_CASCADE);

  private final StatementAnalyzer analyzer;
  private final AnalysisCache cache;

  private PolicyEngine(EngineOptions options) {
    this.analyzer = new StatementAnalyzer(options.parseBudget());
    this.cache = new AnalysisCache(options.cacheEntries());
  }

  public static PolicyEngine create(EngineOptions options) {
    return new PolicyEngine(options);
  }

  public Decision evaluate(String sql, EvalContext ctx, CompiledPolicy policy) {
    if (tooLarge(sql, policy.maxQueryBytes())) {
      return Decider.decide(
          List.of(
              new Decider.Hit(
                  -1,
                  Finding.of(
                      RuleCatalog.QUERY_TOO_LARGE,
                      "Request > Bytes > max_query_bytes",
                      "limit " + policy.maxQueryBytes() + " bytes"),
                  false)),
          policy,
          ctx.databaseUser(),
          null);
    }
    return decide(analyse(sql, ctx), ctx, policy);
  }

  /** Applies a policy to statements already analysed by {@link #analyse}, as one request. */
  public Decision decide(List<Analysed> statements, EvalContext ctx, CompiledPolicy policy) {
    List<Decider.Hit> hits = new ArrayList<>();
    Set<String> createdEarlier = new HashSet<>();
    boolean multi = statements.size() > 1;
    if (multi) {
      hits.add(
          new Decider.Hit(
              -1,
              Finding.of(
                  RuleCodes.MULTIPLE_STATEMENTS,
                  "Request > Statements > 1",
                  statements.size() + " statements"),
              false));
    }
    List<Lock> locks = null; // the hot path (DML) takes no table locks: no allocation
    for (int i = 0; i < statements.size(); i++) {
      statementHits(
          statements.get(i), i, ctx.inTransactionBlock() || multi, policy, createdEarlier, hits);
      List<Lock> taken = statements.get(i).analysis().locks();
      if (!taken.isEmpty()) {
        if (locks == null) {
          locks = new ArrayList<>(taken.size());
        }
        locks.addAll(taken);
      }
    }
    return Decider.decide(
        hits,
        policy,
        ctx.databaseUser(),
        requestFingerprint(statements),
        locks == null ? List.of() : locks);
  }

  /**
   * Judges one statement of a larger text on its own (vetro check: one result per statement).
   *
   * @param inTransactionBlock whether an earlier statement opened a transaction block
   * @param createdEarlier tables created by earlier statements; this one's are added to it
   */
  public Decision decideStatement(
      Analysed statement,
      boolean inTransactionBlock,
      EvalContext ctx,
      CompiledPolicy policy,
      Set<String> createdEarlier) {
    List<Decider.Hit> hits = new ArrayList<>();
    statementHits(statement, 0, inTransactionBlock, policy, createdEarlier, hits);
    return Decider.decide(
        hits,
        policy,
        ctx.databaseUser(),
        statement.fingerprint().hex(),
        statement.analysis().locks());
  }

  private static void statementHits(
      Analysed s,
      int index,
      boolean inTransactionBlock,
      CompiledPolicy policy,
      Set<String> createdEarlier,
      List<Decider.Hit> hits) {
    StatementAnalysis a = s.analysis();
    if (policy.allowlisted(s.fingerprint().hex())) {
      createdEarlier.addAll(a.createdTables());
      return;
    }
    for (Finding f : a.findings()) {
      // an index built on a table created earlier in this request locks nobody
      if (excusedByEarlierCreate(f, createdEarlier)) {
        continue;
      }
      hits.add(new Decider.Hit(index, f, a.provenHarmless()));
    }
    if (a.concurrently() && inTransactionBlock) {
      hits.add(
          new Decider.Hit(
              index,
              Finding.of(
                  RuleCodes.CONCURRENTLY_IN_TRANSACTION,
                  a.kind() + " > Concurrent = true > InTransactionBlock"),
              false));
    }
    if (a.parseError() != null) {
      hits.add(
          new Decider.Hit(
              index,
              Finding.of(RuleCatalog.PARSE_ERROR, a.kind() + " > ParseError", a.parseError()),
              a.provenHarmless()));
    }
    createdEarlier.addAll(a.createdTables());
  }

  /** One statement of a request with its fingerprint and (possibly cached) analysis. */
  public record Analysed(
      SqlStatement statement, Fingerprint fingerprint, StatementAnalysis analysis) {}

  /** Splits and analyses without applying a policy; {@code vetro check} reports per statement. */
  public List<Analysed> analyse(String sql, EvalContext ctx) {
    // both dialects: the flag says backslash is an ordinary character (see LexOptions)
    boolean backslash = !ctx.standardConformingStrings();
    LexOptions lex = new LexOptions(ctx.dialect(), ctx.standardConformingStrings());
    List<SqlStatement> split = Statements.split(sql, lex);
    List<Analysed> out = new ArrayList<>(split.size());
    for (SqlStatement st : split) {
      Fingerprint fp = Fingerprint.of(st);
      // text the scanner rejects fingerprints like valid text ('abc → ?): never serve it from cache
      boolean cacheable = !st.hasLexError();
      AnalysisCache.Key key = new AnalysisCache.Key(fp.normalized(), ctx.dialect(), backslash);
      StatementAnalysis a = cacheable ? cache.get(key) : null;
      if (a == null) {
        a = analyseStatement(st, ctx.dialect(), backslash);
        if (cacheable && !a.literalDependent() && !StatementAnalyzer.isTimeout(a)) {
          cache.put(key, a);
        }
      }
      out.add(new Analysed(st, fp, a));
    }
    return out;
  }

  private StatementAnalysis analyseStatement(SqlStatement st, Dialect dialect, boolean backslash) {
    StatementAnalysis a = analyzer.analyse(st.sql(), st.tokens(), dialect, backslash);
    Classification c = Classifier.classify(st);
    boolean harmless = c.effect() == Effect.READ_ONLY || c.effect() == Effect.SESSION;
    String kind = Classification.UNKNOWN_KIND.equals(c.kind()) ? a.kind() : c.kind();
    StatementAnalysis.Builder b = a.toBuilder().kind(kind).provenHarmless(harmless);
    if (dialect == Dialect.POSTGRES) {
      KindVerdicts.judge(kind, b.findings());
    }
    return b.build();
  }

  public AnalysisCache cache() {
    return cache;
  }

  private static boolean tooLarge(String sql, long maxBytes) {
    if (sql.length() > maxBytes) {
      return true; // every char is at least one byte
    }
    if ((long) sql.length() * 3 <= maxBytes) {
      return false; // a UTF-16 unit never needs more than 3 bytes
    }
    return sql.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  private static String requestFingerprint(List<Analysed> statements) {
    if (statements.size() == 1) {
      return statements.get(0).fingerprint().hex();
    }
    long h = 0xcbf29ce484222325L;
    for (Analysed a : statements) {
      h = (h ^ a.fingerprint().hash()) * 0x100000001b3L;
    }
    return String.format("%016x", h);
  }

  /**
   * An index on a table this request created locks nobody; a DROP of a temp table this request
   * created destroys nothing that existed before. Any other DROP stays judged: names compare by
   * their last part, and CREATE TABLE IF NOT EXISTS may name a table that already held data.
   */
  private static boolean excusedByEarlierCreate(Finding f, Set<String> createdEarlier) {
    if (f.subject() == null) {
      return false;
    }
    if (NEW_TABLE_EXEMPT.contains(f.code())) {
      return createdEarlier.contains(lastPart(f.subject()));
    }
    if (DROP_OF_NEW_TEMP_EXEMPT.contains(f.code())) {
      String name = f.subject().toLowerCase(Locale.ROOT);
      name = name.startsWith("pg_temp.") ? name.substring("pg_temp.".length()) : name;
      return name.indexOf('.') < 0
          && createdEarlier.contains(StatementAnalysis.TEMP_TABLE_MARK + name);
    }
    return false;
  }

  private static String lastPart(String qualified) {
    int dot = qualified.lastIndexOf('.');
    return dot < 0 ? qualified : qualified.substring(dot + 1);
  }
}
