package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11's opening list: statements the default policy used to ALLOW because no rule named them.
 * Each must now be judged, by the rule that says why.
 */
class ProtectionRulesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DROP OWNED BY app CASCADE                                         | VETRO-094 | BLOCKED
          DROP TYPE mood CASCADE                                            | VETRO-093 | BLOCKED
          DROP EXTENSION pgcrypto CASCADE                                   | VETRO-093 | BLOCKED
          DROP VIEW v CASCADE                                               | VETRO-093 | BLOCKED
          DROP ROLE app                                                     | VETRO-097 | BLOCKED
          ALTER TABLE t SET UNLOGGED                                        | VETRO-100 | BLOCKED
          SET session_replication_role = replica                            | VETRO-100 | BLOCKED
          SELECT rolpassword FROM pg_authid                                 | VETRO-102 | BLOCKED
          CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS 'DELETE FROM users' | VETRO-001 | BLOCKED
          VACUUM FULL t                                                     | VETRO-106 | FLAGGED
          CREATE TABLE IF NOT EXISTS users (id int); DROP TABLE users        | VETRO-010 | BLOCKED
          CREATE TABLE tmp.users (id int); DROP TABLE public.users CASCADE  | VETRO-093 | BLOCKED
          LOCK TABLE t IN ACCESS EXCLUSIVE MODE                             | VETRO-106 | FLAGGED
          """)
  void onceAllowedStatementIsNowJudged(String sql, String code, Verdict verdict) {
    Decision d = Engines.pg(sql);
    assertTrue(Engines.fired(d, code), d::toJson);
    assertEquals(verdict, d.decision(), d::toJson);
  }

  @ParameterizedTest(name = "{0} fires={2}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          VETRO-092 | DROP FUTURE THING x                                   | true
          VETRO-092 | DROP TEXT SEARCH DICTIONARY d                         | false
          VETRO-093 | DROP TABLE IF EXISTS a CASCADE                        | true
          VETRO-093 | DROP FUNCTION f(int, text) CASCADE                    | true
          VETRO-093 | DROP TABLE pg_temp.scratch CASCADE                    | false
          VETRO-093 | DROP TYPE mood RESTRICT                               | false
          VETRO-094 | REASSIGN OWNED BY app TO admin                        | true
          VETRO-095 | DROP MATERIALIZED VIEW IF EXISTS m                    | true
          VETRO-095 | DROP SEQUENCE s                                       | true
          VETRO-095 | DROP FOREIGN TABLE f                                  | true
          VETRO-095 | DROP TABLESPACE ts                                    | true
          VETRO-095 | ALTER TABLE t DETACH PARTITION t_2020                 | true
          VETRO-095 | DROP SEQUENCE pg_temp.s                               | false
          VETRO-096 | DROP VIEW v                                           | true
          VETRO-096 | DROP FUNCTION IF EXISTS f(int)                        | true
          VETRO-096 | DROP TRIGGER trg ON t                                 | true
          VETRO-096 | DROP EXTENSION IF EXISTS pgcrypto                     | true
          VETRO-096 | DROP VIEW pg_temp.v                                   | false
          VETRO-097 | DROP USER IF EXISTS app                               | true
          VETRO-097 | DROP POLICY p ON t                                    | true
          VETRO-097 | ALTER POLICY p ON t USING (true)                      | true
          VETRO-097 | DROP USER MAPPING FOR app SERVER s                    | false
          VETRO-098 | SET ROLE admin                                        | true
          VETRO-098 | SET LOCAL ROLE 'admin'                                | true
          VETRO-098 | SET SESSION AUTHORIZATION admin                       | true
          VETRO-098 | SET role TO admin                                     | true
          VETRO-098 | SELECT set_config('role', 'admin', false)             | true
          VETRO-098 | SELECT set_config($1, $2, false)                      | true
          VETRO-098 | ALTER ROLE app SET role = admin                       | true
          VETRO-098 | SET ROLE NONE                                         | false
          VETRO-098 | SELECT set_config('search_path', 'app', false)        | false
          VETRO-099 | RESET ROLE                                            | true
          VETRO-099 | RESET SESSION AUTHORIZATION                           | true
          VETRO-099 | SET SESSION AUTHORIZATION DEFAULT                     | true
          VETRO-099 | RESET search_path                                     | false
          VETRO-100 | SET row_security = off                                | true
          VETRO-100 | SET default_transaction_read_only = false             | true
          VETRO-100 | SELECT set_config('session_replication_role', 'replica', true) | true
          VETRO-100 | ALTER ROLE app SET statement_timeout = 0              | true
          VETRO-100 | ALTER DATABASE prod SET lock_timeout TO '0'           | true
          VETRO-100 | ALTER ROLE app IN DATABASE prod SET row_security = off | true
          VETRO-100 | ALTER TABLE t DISABLE RULE r                          | true
          VETRO-100 | SET statement_timeout = 0                             | false
          VETRO-100 | ALTER ROLE app SET statement_timeout = '5s'           | false
          VETRO-100 | SET row_security = on                                 | false
          VETRO-100 | SET default_transaction_read_only = on                | false
          VETRO-101 | ALTER DATABASE prod SET work_mem = '64MB'             | true
          VETRO-101 | ALTER ROLE app RESET ALL                              | true
          VETRO-102 | SELECT * FROM pg_catalog.pg_shadow                    | true
          VETRO-102 | SELECT srvname, umoptions FROM pg_user_mappings       | true
          VETRO-102 | SELECT * FROM "pg_authid"                             | true
          VETRO-102 | SELECT * FROM pg_hba_file_rules                       | true
          VETRO-102 | SELECT rolname FROM pg_roles                          | false
          VETRO-102 | SELECT 'pg_authid'                                    | false
          VETRO-105 | CREATE EXTENSION pgcrypto                             | true
          VETRO-105 | CREATE ROLE reporting                                 | true
          VETRO-105 | CREATE DATABASE scratch                               | true
          VETRO-105 | CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f() | true
          VETRO-105 | CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p | true
          VETRO-105 | CREATE TABLE t (id int)                               | false
          VETRO-106 | VACUUM (FULL, ANALYZE) t                              | true
          VETRO-106 | LOCK t                                                | true
          VETRO-106 | CLUSTER t USING t_pkey                                | true
          VETRO-106 | REFRESH MATERIALIZED VIEW m                           | true
          VETRO-106 | REINDEX TABLE t                                       | true
          VETRO-106 | ALTER TABLE t SET TABLESPACE fast                     | true
          VETRO-106 | VACUUM (FULL false) t                                 | false
          VETRO-106 | VACUUM ANALYZE t                                      | false
          VETRO-106 | LOCK TABLE t IN SHARE MODE                            | false
          VETRO-106 | REFRESH MATERIALIZED VIEW CONCURRENTLY m              | false
          VETRO-106 | REINDEX TABLE CONCURRENTLY t                          | false
          VETRO-082 | ALTER TABLE t OWNER TO app                            | true
          VETRO-082 | ALTER FUNCTION f() OWNER TO app                       | true
          VETRO-003 | DELETE FROM t WHERE x IS NULL OR x IS NOT NULL        | true
          VETRO-003 | DELETE FROM t WHERE a > 0 OR a <= 0                   | true
          VETRO-003 | DELETE FROM t WHERE a = 'x' OR a <> 'x'               | true
          VETRO-003 | DELETE FROM t WHERE NOT false                         | true
          VETRO-003 | DELETE FROM t WHERE coalesce(NULL, true)              | true
          VETRO-003 | DELETE FROM t WHERE 'true'::boolean                   | true
          VETRO-003 | DELETE FROM t WHERE 'yes'::bool                       | true
          VETRO-003 | DELETE FROM t WHERE (SELECT true)                     | true
          VETRO-003 | DELETE FROM t WHERE EXISTS (SELECT 1)                 | true
          VETRO-003 | DELETE FROM t WHERE x = x                             | true
          VETRO-003 | DELETE FROM t WHERE $1                                | true
          VETRO-003 | DELETE FROM t WHERE $1::int IS NOT NULL               | true
          VETRO-003 | DELETE FROM t WHERE $1 = $1                           | true
          VETRO-042 | UPDATE t SET a = 1 WHERE $1                           | true
          VETRO-003 | DELETE FROM t WHERE a > 0 OR a <= 1                   | false
          VETRO-003 | DELETE FROM t WHERE a > 0 OR b <= 0                   | false
          VETRO-003 | DELETE FROM t WHERE coalesce(active, true)            | false
          VETRO-003 | DELETE FROM t WHERE 'false'::boolean                  | false
          VETRO-003 | DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.u) | false
          VETRO-003 | DELETE FROM t WHERE id = $1                           | false
          VETRO-003 | DELETE FROM t WHERE (SELECT false)                    | false
          VETRO-010 | DROP TABLE pg_temp.scratch                            | false
          VETRO-010 | CREATE TEMP TABLE s (a int); DROP TABLE s             | false
          """)
  void ruleFiresOnlyWhereItShould(String code, String sql, boolean fires) {
    Decision d = Engines.pg(sql);
    assertEquals(fires, Engines.fired(d, code), d::toJson);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SELECT id, total FROM orders WHERE user_id = $1
          UPDATE orders SET total = 0 WHERE id = 7
          DELETE FROM orders WHERE id = $1
          INSERT INTO orders (id, total) VALUES (1, 2)
          CREATE TABLE t (id bigint PRIMARY KEY, name text)
          CREATE INDEX CONCURRENTLY t_name ON t (name)
          ALTER TABLE t ADD COLUMN note text
          SET search_path = app, public
          SET statement_timeout = '5s'
          BEGIN
          COMMIT
          SHOW server_version
          SELECT rolname FROM pg_roles
          """)
  void benignStatementsStayAllowed(String sql) {
    Decision d = Engines.pg(sql);
    assertEquals(Verdict.ALLOWED, d.decision(), d::toJson);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DROP TABLE pg_temp.scratch
          DROP TABLE IF EXISTS pg_temp.scratch
          """)
  void droppingYourOwnTempObjectsIsNotAnIncident(String sql) {
    Decision d = Engines.pg(sql);
    assertNotEquals(Verdict.BLOCKED, d.decision(), d::toJson);
  }
}
