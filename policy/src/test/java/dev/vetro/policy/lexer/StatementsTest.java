package dev.vetro.policy.lexer;

import static dev.vetro.policy.lexer.LexAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {

  private static final LexOptions PG = LexOptions.POSTGRES;

  @Test
  void splitsAtTopLevelSemicolonsAndDropsEmptyStatements() {
    assertEquals(
        List.of("SELECT 1", "SELECT 2"), texts(";; SELECT 1 ; -- c\n ; /* x */ ; SELECT 2;;", PG));
    assertTrue(Statements.split("  -- only a comment\n /* and */ ; ;", PG).isEmpty());
    assertTrue(Statements.split("", PG).isEmpty());
  }

  @Test
  void statementSpanExcludesLeadingCommentsAndReportsLineAndColumn() {
    String sql = "SELECT 1;\n-- note\n  DELETE FROM t";
    List<SqlStatement> statements = Statements.split(sql, PG);
    SqlStatement second = statements.get(1);
    assertEquals("DELETE FROM t", second.text());
    assertEquals(3, second.line());
    assertEquals(3, second.column());
    assertEquals(sql, second.sql());
    assertEquals(3, second.tokens().size());
    assertEquals("DELETE", second.tokens().get(0).text(sql));
  }

  @Test
  void beginAtomicBodyKeepsItsSemicolonsUntilItsEnd() {
    String sql =
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
            + "SELECT CASE WHEN true THEN 1 ELSE 2 END; END; DROP TABLE t";
    assertEquals(
        List.of(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 1 ELSE 2 END; END",
            "DROP TABLE t"),
        texts(sql, PG));
  }

  @Test
  void orReplaceProcedureBodyIsAlsoTracked() {
    String sql =
        "create or replace procedure p() begin atomic insert into t values (1); end; select 2";
    assertEquals(2, Statements.split(sql, PG).size());
  }

  @Test
  void functionNamedBeginDoesNotSwallowTheNextStatement() {
    String sql = "CREATE FUNCTION begin() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql; DROP TABLE t";
    assertEquals(2, Statements.split(sql, PG).size(), texts(sql, PG).toString());
  }

  @Test
  void transactionBeginIsNotABody() {
    assertEquals(List.of("BEGIN", "SELECT 1", "END"), texts("BEGIN; SELECT 1; END;", PG));
  }

  @Test
  void semicolonsInsideParenthesesStayInOneStatementAsInMultiActionRules() {
    String sql =
        "CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1";
    assertEquals(2, Statements.split(sql, PG).size());
  }

  @Test
  void unbalancedClosingParenthesisDoesNotStopSplitting() {
    assertEquals(2, Statements.split("SELECT 1); DROP TABLE t", PG).size());
  }

  @Test
  void hugeInputSplitsWithoutRecursionOrBlowUp() {
    String sql = "SELECT 1;".repeat(100_000) + "(".repeat(100_000) + "/*".repeat(50_000);
    List<SqlStatement> statements = Statements.split(sql, PG);
    assertEquals(100_001, statements.size());
    assertEquals(TokenType.ERROR, statements.get(100_000).tokens().get(100_000).type());
    assertEquals("SelectStmt", Classifier.classify(statements.get(100_000)).kind());
  }
}
