package dev.vetro.policy.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trap texts sent to a real PostgreSQL 15: the number of statements the server executes (one
 * single-line row each) must equal our split, under both standard_conforming_strings settings;
 * where the server's scanner rejects the text, our tokens must hold an ERROR. Each accepted text's
 * statements are SELECTs returning one single-line row, or DDL that prints nothing under {@code
 * psql -q}, so the server's output lines count its SELECTs.
 */
class PostgresDifferentialTest {

  private static ScratchPostgres pg;

  @BeforeAll
  static void start() {
    pg = ScratchPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  static Stream<Arguments> accepted() {
    List<String> texts =
        List.of(
            "SELECT 'a\\'; SELECT 2; --'",
            "SELECT E'a\\'; SELECT 2; --'",
            "SELECT 'x'\n'\\'; SELECT 2; --'",
            "SELECT E'x'\n'\\'; SELECT 2; --'",
            "SELECT 'a'  -- c\n  'b'; SELECT 2",
            "SELECT 1 /* /* */ ; SELECT 3; */ ; SELECT 2",
            "SELECT 1 /* a */ ; /**/ SELECT 2 -- ; SELECT 3",
            "SELECT $b$ x $a$ ; SELECT 3; $a$ y $b$; SELECT 2",
            "SELECT $$;$$, $q$;$q$; SELECT $_1$;$_1$",
            "SELECT \"a;b\".x FROM (SELECT 1 AS x) AS \"a;b\"; SELECT 2",
            "SELECT U&'d\\0061t\\+000061;'; SELECT 2",
            "SELECT U&'!0061;' UESCAPE '!'; SELECT 2",
            "SELECT B'1', X'1F'; SELECT N'n;'",
            "SELECT 1.5e3, .5, 1::int, 2 --- comment ; SELECT 9\n; SELECT 3",
            "SELECT 1+-2, 3*-4; SELECT 5<>-6, 7!=8",
            "SELECT 1 AS a$b$; SELECT 2",
            "CREATE TEMP TABLE t (a int); CREATE RULE r AS ON INSERT TO t DO INSTEAD (SELECT 1; SELECT 2); SELECT 3",
            "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT pg_temp.f()",
            "SELECT 'it''s;'; SELECT ''''");
    return texts.stream().flatMap(t -> Stream.of(Arguments.of(t, true), Arguments.of(t, false)));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void serverExecutesExactlyTheStatementsWeSplit(String sql, boolean scs) {
    ScratchPostgres.Result r = pg.query(sql, scs);
    List<SqlStatement> ours = Statements.split(sql, new LexOptions(Dialect.POSTGRES, scs));
    if (!scs && sql.contains("U&'")) {
      // PostgreSQL refuses Unicode-escape strings when standard_conforming_strings is off.
      assertNotEquals(0, r.exitCode(), "server accepted: " + r.lines());
      assertTrue(
          ours.stream().anyMatch(SqlStatement::hasLexError),
          "no ERROR token for a text the server rejects");
      return;
    }
    assertEquals(0, r.exitCode(), "server rejected: " + r.stderr());
    long rows = r.lines().size();
    long selects =
        ours.stream().filter(s -> Classifier.classify(s).kind().equals("SelectStmt")).count();
    assertEquals(
        selects,
        rows,
        "statements: " + ours.stream().map(SqlStatement::text).toList() + " server: " + r.lines());
  }

  static Stream<String> rejected() {
    return Stream.of(
        "SELECT 0x1F; SELECT 2",
        "SELECT 1_000",
        "SELECT $1abc",
        "SELECT 'abc",
        "SELECT /* /* */",
        "SELECT $q$ abc $Q$",
        "SELECT \"\"",
        "SELECT \"abc");
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void textTheServerScannerRejectsCarriesAnErrorToken(String sql) {
    ScratchPostgres.Result r = pg.query(sql, true);
    assertNotEquals(0, r.exitCode(), "server accepted: " + r.lines());
    assertTrue(
        Statements.split(sql, LexOptions.POSTGRES).stream().anyMatch(SqlStatement::hasLexError),
        sql);
  }
}
