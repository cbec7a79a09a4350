package dev.vetro.policy.analysis;

import static dev.vetro.policy.Engines.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.lexer.Dialect;
import org.junit.jupiter.api.Test;

/**
 * The parser-differential classes from the architecture, end to end: danger never comes out
 * ALLOWED.
 */
class LexicalTrapsTest {

  private static Decision pg(String sql, boolean scs) {
    return Engines.ENGINE.evaluate(
        sql, new EvalContext(Dialect.POSTGRES, "app", scs, false), Engines.DEFAULTS);
  }

  @Test
  void backslashQuoteWithStandardStringsOnEndsTheStringSoTheDropIsSeen() {
    Decision d = pg("SELECT 'a\\'; DROP TABLE t; --'", true);
    assertEquals(Verdict.BLOCKED, d.decision(), d::toJson);
    assertTrue(fired(d, "VETRO-010"), d::toJson);
  }

  @Test
  void backslashQuoteWithStandardStringsOffKeepsEverythingInsideTheString() {
    Decision d = pg("SELECT 'a\\'; DROP TABLE t; --'", false);
    // \' escapes the quote, so the whole tail is one string literal: a harmless SELECT
    assertTrue(!fired(d, "VETRO-010"), d::toJson);
    assertEquals(Verdict.ALLOWED, d.decision(), d::toJson);
    assertEquals(Verdict.BLOCKED, pg("SELECT 'a\\'; DROP TABLE t; --", false).decision());
  }

  @Test
  void nestedCommentCannotHideAWhereClauseThatIsNotThere() {
    Decision d = pg("DELETE FROM t /* outer /* inner */ WHERE id = 1 */", true);
    assertTrue(fired(d, "VETRO-001"), d::toJson);
    assertEquals(Verdict.BLOCKED, d.decision());
  }

  @Test
  void dollarQuotedBodyIsDataButTheDoBlockIsBlocked() {
    Decision d = pg("DO $body$ BEGIN EXECUTE 'DROP TABLE t'; END $body$", true);
    assertTrue(fired(d, "VETRO-081"), d::toJson);
    assertEquals(Verdict.BLOCKED, d.decision());
  }

  @Test
  void taggedDollarQuoteHidingASemicolonDoesNotSplitTheStatement() {
    Decision d = pg("SELECT $x$; DELETE FROM t; $x$ AS s", true);
    assertEquals(Verdict.ALLOWED, d.decision(), d::toJson);
  }

  @Test
  void dataModifyingCteInsideSelectIsJudged() {
    Decision d =
        pg("WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone", true);
    assertTrue(fired(d, "VETRO-033"), d::toJson);
    assertEquals(Verdict.BLOCKED, d.decision());
  }

  @Test
  void prepareOfDeleteIsBlockedAtPrepare() {
    Decision d = pg("PREPARE wipe AS DELETE FROM orders", true);
    assertTrue(fired(d, "VETRO-001"), d::toJson);
    assertEquals(Verdict.BLOCKED, d.decision());
    assertEquals("PrepareStmt > DeleteStmt > WhereClause = NULL", d.astNodePath());
  }

  @Test
  void explainAnalyzeExecutesSoItsStatementIsJudgedButPlainExplainIsNot() {
    assertEquals(Verdict.BLOCKED, pg("EXPLAIN ANALYZE DELETE FROM orders", true).decision());
    assertEquals(
        Verdict.BLOCKED, pg("EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1", true).decision());
    assertEquals(Verdict.ALLOWED, pg("EXPLAIN DELETE FROM orders", true).decision());
  }

  @Test
  void ruleActionIsJudged() {
    Decision d = pg("CREATE RULE r AS ON INSERT TO t DO ALSO DELETE FROM audit", true);
    assertTrue(fired(d, "VETRO-001"), d::toJson);
  }

  @Test
  void functionsReachingFilesOrServersAreFoundWhateverTheSpelling() {
    for (String sql :
        new String[] {
          "SELECT pg_catalog.pg_read_file('/etc/passwd')",
          "SELECT \"pg_read_file\"('/etc/passwd')",
          "SELECT PG_READ_FILE('/etc/passwd')",
          "SELECT * FROM dblink('host=evil', 'select 1') AS t(a int)",
          "SELECT lo_import('/etc/passwd')",
          "SELECT pg_terminate_backend(42)",
          "SELECT U&\"pg\\005fread\\005ffile\"('/etc/passwd')",
          "SELECT x FROM t WHERE id = (SELECT pg_sleep(10)::text::int)"
        }) {
      Decision d = pg(sql, true);
      assertEquals(Verdict.BLOCKED, d.decision(), () -> sql + " -> " + d.toJson());
    }
  }

  @Test
  void functionNameInsideAStringIsNotACall() {
    assertEquals(Verdict.ALLOWED, pg("SELECT 'pg_sleep(10)' AS s", true).decision());
  }

  @Test
  void copyToProgramAndServerFilesAreBlocked() {
    assertTrue(fired(pg("COPY t FROM PROGRAM 'cat /etc/passwd'", true), "VETRO-080"));
    assertTrue(fired(pg("COPY (SELECT * FROM t) TO '/tmp/out.csv'", true), "VETRO-073"));
    assertEquals(Verdict.ALLOWED, pg("COPY t FROM STDIN WITH (FORMAT csv)", true).decision());
  }

  @Test
  void stackedStatementsAreJudgedWholeAndTheWorstWins() {
    Decision d = pg("SELECT 1; TRUNCATE orders", true);
    assertEquals(Verdict.BLOCKED, d.decision());
    assertEquals("VETRO-011", d.ruleCode());
    assertTrue(fired(d, "VETRO-091"));
  }

  @Test
  void mysqlExecutableCommentIsCode() {
    Decision d = Engines.mysql("SELECT 1 /*! , SLEEP(10) */");
    assertTrue(fired(d, "VETRO-070"), d::toJson);
  }

  @Test
  void mysqlHashCommentAndBacktickNamesDoNotHideAMissingWhere() {
    Decision d = Engines.mysql("DELETE FROM `orders` # WHERE id = 1");
    assertTrue(fired(d, "VETRO-001"), d::toJson);
  }
}
