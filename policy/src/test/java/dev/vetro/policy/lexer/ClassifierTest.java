package dev.vetro.policy.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {

  private static SqlStatement first(String sql) {
    return Statements.split(sql, LexOptions.POSTGRES).get(0);
  }

  private static Classification classify(String sql) {
    return Classifier.classify(first(sql));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT * INTO t2 FROM t | SelectStmt",
        "(SELECT 1) UNION (SELECT 2) | SelectStmt",
        "TABLE t | SelectStmt",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d | SelectStmt",
        "WITH x(a) AS (SELECT 1), y AS MATERIALIZED (SELECT 2) UPDATE t SET a = 1 | UpdateStmt",
        "CREATE TABLE t2 AS SELECT 1 | CreateTableAsStmt",
        "CREATE TEMP TABLE t2 (a, b) AS VALUES (1, 2) | CreateTableAsStmt",
        "CREATE TABLE t (a int GENERATED ALWAYS AS (1) STORED) | CreateStmt",
        "CREATE MATERIALIZED VIEW v AS SELECT 1 | CreateTableAsStmt",
        "ALTER TABLE t RENAME COLUMN a TO b | RenameStmt",
        "ALTER TABLE t OWNER TO bob | AlterTableStmt",
        "ALTER FUNCTION f(int) OWNER TO bob | AlterOwnerStmt",
        "ALTER TABLE t SET SCHEMA s | AlterObjectSchemaStmt",
        "ALTER TABLE t ADD COLUMN rename int | AlterTableStmt",
        "ALTER TYPE e ADD VALUE 'x' | AlterEnumStmt",
        "ALTER TYPE e RENAME VALUE 'x' TO 'y' | AlterEnumStmt",
        "ALTER TRIGGER tr ON t RENAME TO tr2 | RenameStmt",
        "ALTER OPERATOR FAMILY f USING btree ADD OPERATOR 1 < (int, int) | AlterOpFamilyStmt",
        "ALTER ROLE r SET work_mem = '1MB' | AlterRoleSetStmt",
        "ALTER ROLE r PASSWORD 'x' | AlterRoleStmt",
        "ALTER SYSTEM SET work_mem = '1MB' | AlterSystemStmt",
        "ALTER SEQUENCE s RESTART | AlterSeqStmt",
        "ALTER SEQUENCE s OWNER TO bob | AlterTableStmt",
        "ALTER FOREIGN DATA WRAPPER w OWNER TO bob | AlterOwnerStmt",
        "COMMENT ON TABLE t IS 'x' | CommentStmt",
        "CREATE UNIQUE INDEX i ON t (a) | IndexStmt",
        "DROP ROLE r | DropRoleStmt",
        "DROP USER MAPPING FOR bob SERVER s | DropUserMappingStmt",
        "DROP TABLE t | DropStmt",
        "GRANT SELECT ON t TO bob | GrantStmt",
        "GRANT admin TO bob | GrantRoleStmt",
        "REVOKE GRANT OPTION FOR SELECT ON t FROM bob | GrantStmt",
        "PREPARE TRANSACTION 'x' | TransactionStmt",
        "PREPARE p (int) AS SELECT $1 | PrepareStmt",
        "SET CONSTRAINTS ALL DEFERRED | ConstraintsSetStmt",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE | VariableSetStmt",
        "MOVE NEXT IN c | FetchStmt",
        "ANALYZE t | VacuumStmt",
        "CREATE OR REPLACE RULE r AS ON INSERT TO t DO INSTEAD NOTHING | RuleStmt",
        "CREATE TYPE c AS (a int) | CompositeTypeStmt",
        "CREATE TYPE e AS ENUM ('a') | CreateEnumStmt",
        "CREATE TYPE s | DefineStmt",
        "FROBNICATE everything | Unknown"
      })
  void kindFollowsPostgresGrammar(String sql, String kind) {
    assertEquals(kind, classify(sql).kind());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT a, count(*) FROM t WHERE b IN (1, 2) GROUP BY a | READ_ONLY",
        "SELECT lower(name), now(), coalesce(a, 0)::numeric(10,2) FROM t | READ_ONLY",
        "SELECT * FROM generate_series(1, 10) AS g(x) | READ_ONLY",
        "WITH x(a) AS (SELECT 1) SELECT a FROM x | READ_ONLY",
        "VALUES (1), (2) | READ_ONLY",
        "SHOW work_mem | READ_ONLY",
        "EXPLAIN SELECT 1 | READ_ONLY",
        "EXPLAIN ANALYZE SELECT 1 | READ_ONLY",
        "SELECT * FROM t FOR UPDATE | WRITE",
        "SELECT * FROM t FOR NO KEY UPDATE | WRITE",
        "SELECT * INTO t2 FROM t | WRITE",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d | WRITE",
        "SELECT nextval('s') | WRITE",
        "SELECT pg_terminate_backend(42) | WRITE",
        "SELECT set_config('role', 'admin', false) | WRITE",
        "SELECT dblink_exec('host=x', 'DROP TABLE t') | WRITE",
        "SELECT lo_export(1, '/tmp/x') | WRITE",
        "SELECT pg_catalog.set_config('a', 'b', true) | WRITE",
        "SELECT my_function(1) | UNKNOWN",
        "SELECT public.lower(x) FROM t | UNKNOWN",
        "SELECT \"lower\"(x) FROM t | UNKNOWN",
        "SELECT a <~~> b FROM t | UNKNOWN",
        "EXPLAIN DELETE FROM t | UNKNOWN",
        "EXPLAIN ANALYZE DELETE FROM t | WRITE",
        "EXPLAIN (ANALYZE false) DELETE FROM t | UNKNOWN",
        "EXPLAIN (COSTS off, ANALYZE) DELETE FROM t | WRITE",
        "SET search_path = x | SESSION",
        "RESET ALL | SESSION",
        "BEGIN | SESSION",
        "COMMIT | SESSION",
        "COMMIT PREPARED 'x' | WRITE",
        "DEALLOCATE ALL | SESSION",
        "PREPARE p AS SELECT 1 | SESSION",
        "PREPARE p AS DELETE FROM t | WRITE",
        "DECLARE c CURSOR FOR SELECT * FROM t | SESSION",
        "DECLARE c CURSOR FOR SELECT nextval('s') | WRITE",
        "EXECUTE p | UNKNOWN",
        "FETCH 10 FROM c | READ_ONLY",
        "LOCK TABLE t | WRITE",
        "LOCK TABLE t IN ACCESS SHARE MODE | SESSION",
        "LOCK TABLE t IN SHARE MODE | WRITE",
        "COPY t TO STDOUT | READ_ONLY",
        "COPY (SELECT * FROM t) TO STDOUT | READ_ONLY",
        "COPY (DELETE FROM t RETURNING *) TO STDOUT | WRITE",
        "COPY t TO '/tmp/x' | WRITE",
        "COPY t FROM STDIN | WRITE",
        "COPY t TO PROGRAM 'rm -rf /' | WRITE",
        "DO $$ BEGIN END $$ | WRITE",
        "DELETE FROM t | WRITE",
        "VACUUM t | WRITE",
        "NOTIFY c | WRITE",
        "SELECT 'unterminated | UNKNOWN",
        "SELECT 0x1F | UNKNOWN",
        "SELECT (1; DROP TABLE t) | UNKNOWN",
        "FROBNICATE | UNKNOWN"
      })
  void effectIsReadOnlyOnlyWhenProvable(String sql, Effect effect) {
    assertEquals(effect, classify(sql).effect(), sql);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EXPLAIN ANALYZE VERBOSE DELETE FROM t | DELETE FROM t | DeleteStmt",
        "EXPLAIN (ANALYZE, BUFFERS) SELECT 1 | SELECT 1 | SelectStmt",
        "PREPARE p (int, text) AS DELETE FROM t WHERE id = $1 | DELETE FROM t WHERE id = $1 | DeleteStmt",
        "CREATE RULE r AS ON SELECT TO t DO INSTEAD SELECT * FROM u | SELECT * FROM u | SelectStmt",
        "CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM a; INSERT INTO b VALUES (1)) | DELETE FROM a | DeleteStmt",
        "DECLARE c BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1 | SELECT 1 | SelectStmt",
        "COPY (SELECT a FROM t) TO STDOUT WITH (FORMAT csv) | SELECT a FROM t | SelectStmt",
        "CREATE MATERIALIZED VIEW v AS SELECT 1 WITH NO DATA | SELECT 1 | SelectStmt",
        "CREATE VIEW v AS SELECT 1 WITH LOCAL CHECK OPTION | SELECT 1 | SelectStmt",
        "EXPLAIN EXECUTE p(1) | EXECUTE p(1) | ExecuteStmt"
      })
  void nestedStatementIsFoundAndClassifiable(String sql, String nestedText, String nestedKind) {
    SqlStatement outer = first(sql);
    Classification c = Classifier.classify(outer);
    SqlStatement inner = Classifier.nested(outer).orElseThrow();
    assertEquals(nestedText, inner.text());
    assertEquals(OptionalInt.of(inner.start()), c.nestedStart());
    assertEquals(sql.indexOf(nestedText), c.nestedStart().getAsInt());
    assertEquals(nestedKind, Classifier.classify(inner).kind());
  }

  @Test
  void statementsWithoutNestingHaveNoNestedStart() {
    assertTrue(classify("SELECT 1").nestedStart().isEmpty());
    assertTrue(
        classify("CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING").nestedStart().isEmpty());
    assertTrue(classify("COPY t TO STDOUT").nestedStart().isEmpty());
  }

  @Test
  void nestedStartIsAnOffsetIntoTheWholeInputForLaterStatements() {
    String sql = "SELECT 1;\nEXPLAIN\n  DELETE FROM t";
    SqlStatement second = Statements.split(sql, LexOptions.POSTGRES).get(1);
    SqlStatement inner = Classifier.nested(second).orElseThrow();
    assertEquals(sql.indexOf("DELETE"), Classifier.classify(second).nestedStart().getAsInt());
    assertEquals(3, inner.line());
    assertEquals(3, inner.column());
  }

  @Test
  void deepNestingIsBoundedAndNeverOverflowsTheStack() {
    String sql = "EXPLAIN ".repeat(50_000) + "DELETE FROM t";
    Classification c = classify(sql);
    assertEquals("ExplainStmt", c.kind());
    assertEquals(Effect.UNKNOWN, c.effect());
  }

  @Test
  void everyStatementOfAMultiStatementTextIsClassifiedOnItsOwn() {
    var statements = Statements.split("SELECT 1; DROP TABLE t; SET x = 1", LexOptions.POSTGRES);
    assertEquals("SelectStmt", Classifier.classify(statements.get(0)).kind());
    assertEquals("DropStmt", Classifier.classify(statements.get(1)).kind());
    assertEquals(Effect.WRITE, Classifier.classify(statements.get(1)).effect());
    assertEquals(Effect.SESSION, Classifier.classify(statements.get(2)).effect());
  }
}
