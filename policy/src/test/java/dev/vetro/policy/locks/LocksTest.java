package dev.vetro.policy.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.rules.RuleCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each DDL statement reports the lock it takes, whether it rewrites or scans, what it blocks. */
class LocksTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          VACUUM FULL orders                                          | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          VACUUM orders                                               | orders | SHARE UPDATE EXCLUSIVE | false | false |
          CLUSTER orders USING orders_pkey                            | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          LOCK TABLE orders IN ACCESS EXCLUSIVE MODE                  | orders | ACCESS EXCLUSIVE       | false | false | reads writes
          LOCK TABLE orders IN SHARE MODE                             | orders | SHARE                  | false | false | writes
          LOCK orders                                                 | orders | ACCESS EXCLUSIVE       | false | false | reads writes
          REFRESH MATERIALIZED VIEW totals                            | totals | ACCESS EXCLUSIVE       | true  | false | reads writes
          REFRESH MATERIALIZED VIEW CONCURRENTLY totals               | totals | EXCLUSIVE              | true  | false | writes
          REINDEX TABLE CONCURRENTLY orders                           | orders | SHARE UPDATE EXCLUSIVE | true  | false |
          TRUNCATE orders                                             | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          CREATE INDEX i ON orders (user_id)                          | orders | SHARE                  | false | true  | writes
          CREATE INDEX CONCURRENTLY i ON orders (user_id)             | orders | SHARE UPDATE EXCLUSIVE | false | true  |
          DROP INDEX CONCURRENTLY i                                   | i      | SHARE UPDATE EXCLUSIVE | false | false |
          DROP TABLE orders                                           | orders | ACCESS EXCLUSIVE       | false | false | reads writes
          ALTER TABLE orders ADD COLUMN note text                     | orders | ACCESS EXCLUSIVE       | false | false | reads writes
          ALTER TABLE orders ADD COLUMN id2 bigserial                 | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          ALTER TABLE orders ADD COLUMN t uuid DEFAULT gen_random_uuid() | orders | ACCESS EXCLUSIVE    | true  | false | reads writes
          ALTER TABLE orders ALTER COLUMN total TYPE bigint           | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          ALTER TABLE orders ALTER COLUMN total SET NOT NULL          | orders | ACCESS EXCLUSIVE       | false | true  | reads writes
          ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0)       | orders | ACCESS EXCLUSIVE       | false | true  | reads writes
          ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID | orders | ACCESS EXCLUSIVE   | false | false | reads writes
          ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id) | orders | SHARE ROW EXCLUSIVE | false | true | writes
          ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id) NOT VALID | orders | SHARE ROW EXCLUSIVE | false | false | writes
          ALTER TABLE orders VALIDATE CONSTRAINT f                    | orders | SHARE UPDATE EXCLUSIVE | false | true  |
          ALTER TABLE orders ADD PRIMARY KEY USING INDEX orders_id    | orders | ACCESS EXCLUSIVE       | false | false | reads writes
          ALTER TABLE orders ADD PRIMARY KEY (id)                     | orders | ACCESS EXCLUSIVE       | false | true  | reads writes
          ALTER TABLE orders SET TABLESPACE fast                      | orders | ACCESS EXCLUSIVE       | true  | false | reads writes
          ALTER TABLE orders DISABLE TRIGGER ALL                      | orders | SHARE ROW EXCLUSIVE    | false | false | writes
          ALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY | orders | SHARE UPDATE EXCLUSIVE | false | false |
          """)
  void statementReportsItsLock(
      String sql, String relation, String mode, boolean rewrites, boolean scans, String blocks) {
    Decision d = Engines.pg(sql);
    assertEquals(1, d.locks().size(), d::toJson);
    Lock l = d.locks().get(0);
    assertEquals(relation, l.relation());
    assertEquals(mode, l.mode());
    assertEquals(rewrites, l.rewrites(), d::toJson);
    assertEquals(scans, l.scans(), d::toJson);
    assertEquals(blocks == null ? List.of() : List.of(blocks.split(" ")), l.blocks());
    assertTrue(d.toJson().contains("\"locks\":[{\"relation\":\"" + relation + "\""), d::toJson);
  }

  @Test
  void statementsWithoutTableLocksHaveNoLocksField() {
    Decision d = Engines.pg("SELECT id FROM orders WHERE id = 1");
    assertTrue(d.locks().isEmpty());
    assertFalse(d.toJson().contains("locks"), d::toJson);
  }

  @Test
  void accessExclusiveWithARewriteIsFlaggedByTheLockRule() {
    // no more specific migration rule names a serial column's rewrite
    Decision d = Engines.pg("ALTER TABLE orders ADD COLUMN id2 bigserial");
    assertTrue(Engines.fired(d, RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN), d::toJson);
  }

  @Test
  void oneHazardIsReportedOnceWhenASpecificRuleNamesIt() {
    Decision d = Engines.pg("ALTER TABLE orders ALTER COLUMN total SET NOT NULL");
    assertTrue(Engines.fired(d, RuleCodes.SET_NOT_NULL), d::toJson);
    assertFalse(Engines.fired(d, RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN), d::toJson);
  }

  @Test
  void aBriefExclusiveLockIsReportedButNotFlagged() {
    Decision d = Engines.pg("ALTER TABLE orders ADD COLUMN note text");
    assertFalse(Engines.fired(d, RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN), d::toJson);
  }
}
