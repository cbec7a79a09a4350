package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.lexer.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule against variants beyond its catalog examples, in both dialects where it applies: schema
 * qualification, quoting and case must not evade a rule, and near-misses must not fire.
 */
class RuleBehaviourTest {

  @ParameterizedTest(name = "{0} {1} fires={3}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
            VETRO-001 | POSTGRES | delete from "Orders"                                   | true
            VETRO-001 | MYSQL    | DELETE FROM orders LIMIT 10                            | true
            VETRO-001 | POSTGRES | DELETE FROM ONLY public.orders                         | true
            VETRO-001 | MYSQL    | DELETE FROM orders WHERE id = 1                        | false
            VETRO-001 | POSTGRES | DELETE FROM orders USING u WHERE orders.u = u.id       | false
            VETRO-003 | POSTGRES | DELETE FROM t WHERE true                               | true
            VETRO-003 | POSTGRES | DELETE FROM t WHERE 'a' = 'a'                          | true
            VETRO-003 | POSTGRES | DELETE FROM t WHERE (1 = 1) AND NOT false              | true
            VETRO-003 | POSTGRES | DELETE FROM t WHERE id = id                            | true
            VETRO-003 | MYSQL    | DELETE FROM t WHERE 2 > 1                              | true
            VETRO-003 | POSTGRES | DELETE FROM t WHERE id = 1 AND 1 = 1                   | false
            VETRO-003 | POSTGRES | DELETE FROM t WHERE NULL = NULL                        | false
            VETRO-010 | POSTGRES | DROP TABLE IF EXISTS a, b CASCADE                      | true
            VETRO-010 | MYSQL    | DROP TABLE orders                                      | true
            VETRO-010 | POSTGRES | DROP DATABASE prod                                     | true
            VETRO-010 | POSTGRES | DROP MATERIALIZED VIEW m                               | false
            VETRO-011 | POSTGRES | TRUNCATE ONLY a, b RESTART IDENTITY CASCADE            | true
            VETRO-011 | MYSQL    | TRUNCATE TABLE orders                                  | true
            VETRO-012 | POSTGRES | drop schema if exists s cascade                        | true
            VETRO-042 | POSTGRES | UPDATE t SET a = 1 WHERE 1 = 1                         | true
            VETRO-042 | MYSQL    | UPDATE `t` SET a = 1                                   | true
            VETRO-042 | POSTGRES | UPDATE ONLY t SET a = 1 WHERE id = $1                  | false
            VETRO-080 | POSTGRES | copy t to program 'gzip > /tmp/x'                      | true
            VETRO-081 | POSTGRES | DO LANGUAGE plpgsql $$ BEGIN NULL; END $$              | true
            VETRO-090 | POSTGRES | UPDATE t SET a = 1 WHERE id = 5 OR 'x' = 'x'           | true
            VETRO-090 | MYSQL    | SELECT * FROM users WHERE name = 'a' OR 1 = 1          | true
            VETRO-090 | POSTGRES | SELECT * FROM users WHERE name = 'a' OR 1 = 2          | false
            VETRO-015 | POSTGRES | ALTER TABLE ONLY s.t DROP IF EXISTS c                  | true
            VETRO-015 | POSTGRES | ALTER TABLE t DROP CONSTRAINT c                        | false
            VETRO-016 | POSTGRES | ALTER TABLE t RENAME TO u                              | true
            VETRO-017 | POSTGRES | ALTER TABLE t ADD COLUMN x int, DROP CONSTRAINT c      | true
            VETRO-018 | POSTGRES | ALTER TABLE t ALTER c SET DATA TYPE bigint             | true
            VETRO-019 | POSTGRES | ALTER TABLE t DISABLE ROW LEVEL SECURITY               | true
            VETRO-019 | POSTGRES | ALTER TABLE t NO FORCE ROW LEVEL SECURITY              | true
            VETRO-019 | POSTGRES | ALTER TABLE t ENABLE ROW LEVEL SECURITY                | false
            VETRO-031 | POSTGRES | WITH u AS (UPDATE t SET a = 1 RETURNING *) INSERT INTO l SELECT * FROM u | true
            VETRO-033 | POSTGRES | WITH d AS (DELETE FROM t WHERE 1 = 1 RETURNING *) SELECT 1 | true
            VETRO-040 | POSTGRES | INSERT INTO a (x) SELECT x FROM b                      | true
            VETRO-040 | POSTGRES | INSERT INTO a (x) SELECT x FROM b LIMIT 100            | false
            VETRO-070 | POSTGRES | SELECT pg_catalog.PG_SLEEP_FOR('5 minutes')            | true
            VETRO-070 | MYSQL    | SELECT BENCHMARK(1000000, MD5('x'))                    | true
            VETRO-070 | MYSQL    | SELECT sleep(5)                                        | true
            VETRO-070 | POSTGRES | SELECT sleep(5)                                        | false
            VETRO-071 | POSTGRES | CREATE ROLE admin2 WITH LOGIN SUPERUSER                | true
            VETRO-071 | POSTGRES | CREATE ROLE r IN ROLE pg_read_server_files             | true
            VETRO-071 | POSTGRES | GRANT pg_execute_server_program TO app                 | true
            VETRO-071 | POSTGRES | ALTER SYSTEM SET wal_level = minimal                   | true
            VETRO-071 | POSTGRES | ALTER ROLE app NOSUPERUSER NOCREATEROLE                | false
            VETRO-071 | POSTGRES | SET ROLE reporting                                     | false
            VETRO-073 | POSTGRES | SELECT dblink_exec('host=x', 'DROP TABLE t')           | true
            VETRO-073 | POSTGRES | SELECT lo_export(1234, '/tmp/x')                       | true
            VETRO-073 | MYSQL    | SELECT LOAD_FILE('/etc/passwd')                        | true
            VETRO-073 | MYSQL    | SELECT a INTO OUTFILE '/tmp/x' FROM t                  | true
            VETRO-082 | POSTGRES | REVOKE ALL ON orders FROM public                       | true
            VETRO-083 | POSTGRES | MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id) | true
            VETRO-084 | POSTGRES | SELECT * INTO TEMP copy_t FROM t                       | true
            VETRO-084 | POSTGRES | CREATE TEMP TABLE x AS SELECT 1 WITH NO DATA           | true
            VETRO-013 | POSTGRES | DROP INDEX CONCURRENTLY IF EXISTS i                    | true
            VETRO-020 | POSTGRES | CREATE UNIQUE INDEX IF NOT EXISTS i ON s.t (a)         | true
            VETRO-020 | POSTGRES | CREATE TABLE n (a int); CREATE INDEX i ON n (a)        | false
            VETRO-021 | POSTGRES | DROP INDEX CONCURRENTLY i                              | false
            VETRO-022 | POSTGRES | ALTER TABLE t ADD c int NOT NULL                       | true
            VETRO-022 | POSTGRES | ALTER TABLE t ADD c int CHECK (c IS NOT NULL)          | false
            VETRO-022 | POSTGRES | ALTER TABLE t ADD c int GENERATED ALWAYS AS IDENTITY NOT NULL | false
            VETRO-023 | POSTGRES | ALTER TABLE t ADD COLUMN c timestamptz DEFAULT pg_catalog.clock_timestamp() | true
            VETRO-023 | POSTGRES | ALTER TABLE t ADD COLUMN c text DEFAULT 'x'            | false
            VETRO-024 | POSTGRES | ALTER TABLE t ALTER COLUMN c SET NOT NULL, ALTER COLUMN d DROP DEFAULT | true
            VETRO-025 | POSTGRES | ALTER TABLE t ADD CHECK (a > 0)                        | true
            VETRO-025 | POSTGRES | ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)              | false
            VETRO-027 | POSTGRES | BEGIN; DROP INDEX CONCURRENTLY i                       | true
            VETRO-027 | POSTGRES | REINDEX INDEX CONCURRENTLY i                           | false
            VETRO-051 | POSTGRES | SELECT t.* FROM t                                      | true
            VETRO-051 | MYSQL    | SELECT * FROM t                                        | true
            VETRO-051 | POSTGRES | SELECT * FROM t WHERE a = 1                            | false
            VETRO-051 | POSTGRES | SELECT 1                                               | false
            VETRO-060 | MYSQL    | INSERT INTO t VALUES (1)                               | true
            VETRO-060 | POSTGRES | INSERT INTO t DEFAULT VALUES                           | false
            VETRO-091 | MYSQL    | SELECT 1; SELECT 2                                     | true
            VETRO-091 | POSTGRES | SELECT ';'                                             | false
            """)
  void ruleFiresOnlyWhereItShould(String code, Dialect dialect, String sql, boolean fires) {
    Decision d = Engines.in(dialect, sql);
    assertEquals(fires, Engines.fired(d, code), d::toJson);
  }
}
