package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Function and procedure bodies are read when they are created, and judged with the body's path.
 */
class FunctionBodyTest {

  @Test
  void sqlBodyDeleteIsReportedWithTheBodysPath() {
    Decision d =
        Engines.pg("CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS 'DELETE FROM users'");
    assertEquals(Verdict.BLOCKED, d.decision(), d::toJson);
    assertEquals("CreateFunctionStmt > Body > DeleteStmt > WhereClause = NULL", d.astNodePath());
  }

  @Test
  void aBodyVerdictIsNeverServedFromTheCacheToAnotherBody() {
    // same fingerprint (the body is a string constant), different bodies
    Decision bad = Engines.pg("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t'");
    Decision good =
        Engines.pg("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t WHERE id = 1'");
    Decision badAgain =
        Engines.pg("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t'");
    assertEquals(Verdict.BLOCKED, bad.decision());
    assertEquals(Verdict.ALLOWED, good.decision(), good::toJson);
    assertEquals(Verdict.BLOCKED, badAgain.decision());
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM t; $$ | VETRO-001
          CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM audit; RETURN NEW; END $$ | VETRO-001
          CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF now() > '2020-01-01' THEN UPDATE accounts SET balance = 0; END IF; END $$ | VETRO-042
          CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN LOOP TRUNCATE t; END LOOP; END $$ | VETRO-011
          CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'DROP TABLE t'; END $$ | VETRO-010
          CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('DELETE FROM %I', t); END $$ | VETRO-103
          CREATE FUNCTION f() RETURNS void LANGUAGE plpython3u AS 'import os' | VETRO-103
          CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT pg_terminate_backend(42)' | VETRO-073
          CREATE FUNCTION f() RETURNS void LANGUAGE sql AS E'DELETE FROM t WHERE \\'a\\' = \\'a\\'' | VETRO-003
          CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET LOCAL session_replication_role = replica; END $$ | VETRO-100
          """)
  void bodyStatementsAreJudgedAsStatements(String sql, String code) {
    Decision d = Engines.pg(sql);
    assertTrue(Engines.fired(d, code), d::toJson);
    Violation v =
        d.violations().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
    assertTrue(v.astNodePath().startsWith("CreateFunctionStmt > Body"), v.astNodePath());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'
          CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM t WHERE id = x; RETURN n; END $$
          CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$
          CREATE FUNCTION f(k int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t WHERE id = k; END $$
          """)
  void benignBodiesStayAllowed(String sql) {
    Decision d = Engines.pg(sql);
    assertEquals(Verdict.ALLOWED, d.decision(), d::toJson);
  }
}
