package dev.vetro.policy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.Engines;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact grammars for object definitions (views, routines, triggers, types, sequences,
 * publications …): they read the whole statement, name PostgreSQL's node type, judge nested
 * statements as themselves, and answer "not mine" (leaving header recognition) for anything else.
 */
class DefinitionGrammarsTest {

  /**
   * No cache (a fingerprint does not tell 1 from 'a', and the negative cases differ from the
   * positive ones only there) and a budget that a loaded CI machine cannot exceed: these tests are
   * about shapes, not time.
   */
  private static final PolicyEngine ENGINE =
      PolicyEngine.create(
          EngineOptions.defaults().withCacheEntries(0).withParseBudget(Duration.ofSeconds(10)));

  private static StatementAnalysis analyse(String sql) {
    List<PolicyEngine.Analysed> a = ENGINE.analyse(sql, EvalContext.postgres("app"));
    assertEquals(1, a.size(), () -> "one statement expected: " + sql);
    return a.get(0).analysis();
  }

  @ParameterizedTest(name = "{1} <- {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE OR REPLACE FUNCTION f(a int, OUT b text DEFAULT 'x') RETURNS SETOF record LANGUAGE sql STABLE STRICT AS $$ select 1 $$ | CreateFunctionStmt",
        "CREATE FUNCTION f(int[], double precision) RETURNS TABLE (a int, b timestamp with time zone) AS 'select 1' LANGUAGE sql SET search_path TO public, pg_temp COST 10 | CreateFunctionStmt",
        "CREATE FUNCTION f(x int) RETURNS int RETURN x + 1 | CreateFunctionStmt",
        "CREATE VIEW v (a, b) WITH (security_barrier = true) AS SELECT 1, 2 WITH LOCAL CHECK OPTION | ViewStmt",
        "CREATE TEMP RECURSIVE VIEW v (n) AS VALUES (1) | ViewStmt",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT a FROM t WITH NO DATA | CreateTableAsStmt",
        "CREATE CONSTRAINT TRIGGER trg AFTER INSERT OR UPDATE OF a, b ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION f('x', 1) | CreateTrigStmt",
        "CREATE EVENT TRIGGER e ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE PROCEDURE f() | CreateEventTrigStmt",
        "CREATE POLICY p ON t AS RESTRICTIVE FOR SELECT TO app, public USING (owner = current_user) | CreatePolicyStmt",
        "ALTER POLICY p ON t RENAME TO q | RenameStmt",
        "CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int, initcond = '0') | DefineStmt",
        "CREATE OPERATOR === (leftarg = int, rightarg = int, procedure = int4eq, commutator = ===) | DefineStmt",
        "CREATE TYPE c AS (a int, b text COLLATE \"C\") | CompositeTypeStmt",
        "CREATE TYPE e AS ENUM ('a', 'b') | CreateEnumStmt",
        "CREATE TYPE r AS RANGE (subtype = float8) | CreateRangeStmt",
        "CREATE TYPE shell | DefineStmt",
        "CREATE CAST (int AS text) WITH FUNCTION f(int) AS IMPLICIT | CreateCastStmt",
        "CREATE SEQUENCE IF NOT EXISTS s AS bigint INCREMENT BY -1 MINVALUE -10 NO MAXVALUE START WITH -1 CYCLE OWNED BY t.a | CreateSeqStmt",
        "ALTER SEQUENCE s RESTART WITH 5 NO CYCLE | AlterSeqStmt",
        "CREATE DOMAIN d AS int DEFAULT 0 CONSTRAINT pos CHECK (VALUE > 0) NOT NULL | CreateDomainStmt",
        "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE < 10) NOT VALID | AlterDomainStmt",
        "CREATE STATISTICS s (ndistinct) ON a, (b + 1) FROM t | CreateStatsStmt",
        "CREATE PUBLICATION p FOR TABLE ONLY t (a, b) WHERE (a > 1), TABLES IN SCHEMA s WITH (publish = 'insert') | CreatePublicationStmt",
        "ALTER PUBLICATION p SET TABLE t | AlterPublicationStmt",
        "CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p1, p2 WITH (connect = false) | CreateSubscriptionStmt",
        "CREATE SERVER s TYPE 'x' FOREIGN DATA WRAPPER w OPTIONS (host 'h', port '5432') | CreateForeignServerStmt",
        "ALTER USER MAPPING FOR current_user SERVER s OPTIONS (ADD user 'u', DROP password) | AlterUserMappingStmt",
        "ALTER FUNCTION f(int) OWNER TO bob | AlterOwnerStmt",
        "ALTER OPERATOR === (int, int) SET SCHEMA s | AlterObjectSchemaStmt",
        "ALTER TYPE e RENAME VALUE 'a' TO 'z' | AlterEnumStmt",
        "ALTER TYPE e ADD VALUE IF NOT EXISTS 'c' BEFORE 'b' | AlterEnumStmt",
        "ALTER TEXT SEARCH DICTIONARY d RENAME TO d2 | RenameStmt",
        "ALTER FUNCTION f(int) IMMUTABLE SECURITY DEFINER RESTRICT | AlterFunctionStmt",
      })
  void definitionIsReadExactlyWithPostgresNodeType(String sql, String kind) {
    StatementAnalysis a = analyse(sql);
    assertEquals(kind, a.kind(), sql);
    assertEquals(Coverage.EXACT, a.coverage(), sql);
    assertTrue(a.coverage().strict());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "CREATE SEQUENCE s BOGUS 1",
        "CREATE TRIGGER trg AFTER INSERT ON t EXECUTE FUNCTION f() trailing",
        "CREATE TYPE numbered_enum AS ENUM (1, 2)", // a distinct name: the fingerprint does not
        // tell 1 from 'a'
        "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql NOT AN OPTION",
        "ALTER PUBLICATION p FLY AWAY",
      })
  void shapeTheGrammarDoesNotKnowIsLeftToHeaderRecognitionNotGuessed(String sql) {
    StatementAnalysis a = analyse(sql);
    assertEquals(Coverage.HEADER, a.coverage(), sql);
    assertFalse(a.coverage().strict());
  }

  @Test
  void viewQueryIsJudgedAsItselfUnderTheViewPath() {
    StatementAnalysis a =
        analyse(
            "CREATE VIEW v AS WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone");
    assertEquals("ViewStmt", a.kind());
    assertTrue(
        a.findings().stream()
            .anyMatch(f -> f.code().equals("VETRO-033") && f.path().startsWith("ViewStmt > Query")),
        a.findings()::toString);
  }

  @Test
  void everyStatementOfAnAtomicRoutineBodyIsJudged() {
    String sql =
        "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO log VALUES (1); DELETE FROM orders; END";
    StatementAnalysis a = analyse(sql);
    assertEquals("CreateFunctionStmt", a.kind());
    assertTrue(
        a.findings().stream()
            .anyMatch(
                f ->
                    f.code().equals("VETRO-001")
                        && f.path().startsWith("CreateFunctionStmt > Body")),
        a.findings()::toString);
    Decision d = ENGINE.evaluate(sql, EvalContext.postgres("app"), Engines.DEFAULTS);
    assertEquals(Verdict.BLOCKED, d.decision(), d::toJson);
  }

  @Test
  void stringBodyIsJudgedAtDefinitionBecauseACallRunsItUnseen() {
    // issue 11: SELECT f() or a trigger later runs the body with no text the firewall can read
    StatementAnalysis a =
        analyse("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM orders'");
    assertEquals(Coverage.EXACT, a.coverage());
    assertTrue(
        a.findings().stream()
            .anyMatch(
                f ->
                    f.code().equals("VETRO-001")
                        && f.path()
                            .equals("CreateFunctionStmt > Body > DeleteStmt > WhereClause = NULL")),
        a.findings()::toString);
    assertTrue(a.literalDependent(), "the fingerprint hides the body: never cached");
  }

  @Test
  void schemaElementsAreJudgedAndTheirTablesRemembered() {
    StatementAnalysis a =
        analyse(
            "CREATE SCHEMA s AUTHORIZATION bob CREATE TABLE a (x int) CREATE VIEW v AS SELECT 1 GRANT SELECT ON a TO app");
    assertEquals("CreateSchemaStmt", a.kind());
    assertEquals(Coverage.EXACT, a.coverage());
    assertTrue(a.createdTables().contains("a"), a.createdTables()::toString);
    assertTrue(
        a.findings().stream()
            .anyMatch(
                f ->
                    f.code().equals("VETRO-082")
                        && f.path().startsWith("CreateSchemaStmt > Element")),
        a.findings()::toString);
  }

  @Test
  void functionCallsInDefinitionsAreStillFoundByTheTokenScan() {
    Decision d =
        ENGINE.evaluate(
            "CREATE DOMAIN d AS int DEFAULT pg_sleep(10)::int",
            EvalContext.postgres("app"),
            Engines.DEFAULTS);
    assertTrue(Engines.fired(d, "VETRO-070"), d::toJson);
  }

  @Test
  void headerIsNotStrictButAstAndExactAre() {
    assertTrue(Coverage.AST.strict());
    assertTrue(Coverage.EXACT.strict());
    assertFalse(Coverage.HEADER.strict());
    assertFalse(Coverage.LEXER.strict());
  }
}
