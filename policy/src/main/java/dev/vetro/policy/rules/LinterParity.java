package dev.vetro.policy.rules;

import java.util.List;

/**
 * Parity with the CI linters our users know: for each squawk rule and each destructive, data-
 * dependent or backward-incompatible Atlas analyzer, the Vetro rule with the same intent (and an
 * example it fires on, tested by LinterParityTest), or why Vetro has none. Rendered into
 * docs/rules.md by {@link RulesDoc}.
 */
public final class LinterParity {

  /**
   * @param vetro the Vetro code with the same intent, or null
   * @param example a statement the linter flags; the Vetro rule must fire on it (null without one)
   * @param note why there is no Vetro rule, or how the intent maps
   */
  public record Row(String tool, String rule, String vetro, String example, String note) {}

  public static final List<Row> ROWS =
      List.of(
          sq(
              "adding-field-with-default",
              RuleCodes.ADD_COLUMN_VOLATILE_DEFAULT,
              "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()",
              "constant defaults are free since PostgreSQL 11; volatile ones rewrite"),
          sq(
              "adding-foreign-key-constraint",
              RuleCodes.CONSTRAINT_WITHOUT_NOT_VALID,
              "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id)",
              ""),
          sq(
              "adding-not-nullable-field",
              RuleCodes.SET_NOT_NULL,
              "ALTER TABLE t ALTER COLUMN c SET NOT NULL",
              ""),
          sq(
              "adding-primary-key-constraint",
              RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
              "ALTER TABLE t ADD PRIMARY KEY (id)",
              "from the statement's locks"),
          sq(
              "adding-required-field",
              RuleCodes.ADD_COLUMN_NOT_NULL_NO_DEFAULT,
              "ALTER TABLE t ADD COLUMN c int NOT NULL",
              ""),
          sq(
              "adding-serial-primary-key-field",
              RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
              "ALTER TABLE t ADD COLUMN id bigserial",
              "from the statement's locks"),
          sq(
              "ban-alter-domain-with-add-constraint",
              null,
              null,
              "not adopted: the scan covers every column of the domain, which needs the catalog"),
          sq("ban-char-field", null, null, "style, not protection"),
          sq(
              "ban-concurrent-index-creation-in-transaction",
              RuleCodes.CONCURRENTLY_IN_TRANSACTION,
              "BEGIN; CREATE INDEX CONCURRENTLY i ON t (a)",
              ""),
          sq(
              "ban-create-domain-with-constraint",
              null,
              null,
              "style: domain constraints are hard to change later, nothing breaks at once"),
          sq("ban-drop-column", RuleCodes.DROP_COLUMN, "ALTER TABLE t DROP COLUMN c", ""),
          sq("ban-drop-database", RuleCodes.DROP_TABLE_OR_DATABASE, "DROP DATABASE prod", ""),
          sq(
              "ban-drop-not-null",
              null,
              null,
              "not adopted: loosening a constraint loses no data and blocks briefly"),
          sq("ban-drop-table", RuleCodes.DROP_TABLE_OR_DATABASE, "DROP TABLE t", ""),
          sq(
              "ban-truncate-cascade",
              RuleCodes.TRUNCATE,
              "TRUNCATE t CASCADE",
              "every TRUNCATE fires, CASCADE or not"),
          sq(
              "ban-uncommitted-transaction",
              null,
              null,
              "file-level: belongs to the check pipeline, not yet there"),
          sq(
              "changing-column-type",
              RuleCodes.ALTER_COLUMN_TYPE,
              "ALTER TABLE t ALTER COLUMN c TYPE bigint",
              ""),
          sq(
              "constraint-missing-not-valid",
              RuleCodes.CONSTRAINT_WITHOUT_NOT_VALID,
              "ALTER TABLE t ADD CHECK (a > 0)",
              ""),
          sq(
              "disallowed-unique-constraint",
              RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
              "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)",
              "from the statement's locks; USING INDEX does not fire"),
          sq("prefer-big-int", null, null, "style, not protection"),
          sq("prefer-bigint-over-int", null, null, "style, not protection"),
          sq("prefer-bigint-over-smallint", null, null, "style, not protection"),
          sq("prefer-identity", null, null, "style, not protection"),
          sq(
              "prefer-robust-stmts",
              null,
              null,
              "idempotence is a migration-tool concern; IF EXISTS is judged like the plain form"),
          sq("prefer-text-field", null, null, "style, not protection"),
          sq("prefer-timestamptz", null, null, "style, not protection"),
          sq("renaming-column", RuleCodes.RENAME, "ALTER TABLE t RENAME COLUMN a TO b", ""),
          sq("renaming-table", RuleCodes.RENAME, "ALTER TABLE t RENAME TO u", ""),
          sq(
              "require-concurrent-index-creation",
              RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY,
              "CREATE INDEX i ON t (a)",
              ""),
          sq(
              "require-concurrent-index-deletion",
              RuleCodes.DROP_INDEX_NOT_CONCURRENTLY,
              "DROP INDEX i",
              ""),
          sq(
              "require-timeout-settings",
              RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT,
              null,
              "vetro check only (file level): lock_timeout, not statement_timeout, is what"
                  + " keeps a waiting DDL from queueing the table's traffic"),
          sq(
              "transaction-nesting",
              null,
              null,
              "migration-tool concern (BEGIN inside the tool's transaction)"),
          atlas("DS101 (drop schema)", RuleCodes.DROP_SCHEMA, "DROP SCHEMA s", ""),
          atlas("DS102 (drop table)", RuleCodes.DROP_TABLE_OR_DATABASE, "DROP TABLE t", ""),
          atlas(
              "DS103 (drop non-virtual column)",
              RuleCodes.DROP_COLUMN,
              "ALTER TABLE t DROP COLUMN c",
              ""),
          atlas(
              "MF101 (unique index on existing column)",
              RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY,
              "CREATE UNIQUE INDEX i ON t (a)",
              "Vetro judges the lock; whether duplicates exist is data Vetro does not read"),
          atlas(
              "MF103 (add NOT NULL column without default)",
              RuleCodes.ADD_COLUMN_NOT_NULL_NO_DEFAULT,
              "ALTER TABLE t ADD COLUMN c int NOT NULL",
              ""),
          atlas(
              "MF104 (modify nullable column to not null)",
              RuleCodes.SET_NOT_NULL,
              "ALTER TABLE t ALTER COLUMN c SET NOT NULL",
              ""),
          atlas("BC101 (rename table)", RuleCodes.RENAME, "ALTER TABLE t RENAME TO u", ""),
          atlas(
              "BC102 (rename column)", RuleCodes.RENAME, "ALTER TABLE t RENAME COLUMN a TO b", ""),
          atlas(
              "CD101 (constraint deletion)",
              RuleCodes.DROP_CONSTRAINT,
              "ALTER TABLE t DROP CONSTRAINT c",
              ""),
          atlas(
              "PG110 (concurrent index in transaction)",
              RuleCodes.CONCURRENTLY_IN_TRANSACTION,
              "BEGIN; CREATE INDEX CONCURRENTLY i ON t (a)",
              ""));

  private LinterParity() {}

  private static Row sq(String rule, String vetro, String example, String note) {
    return new Row("squawk", rule, vetro, example, note);
  }

  private static Row atlas(String rule, String vetro, String example, String note) {
    return new Row("Atlas", rule, vetro, example, note);
  }
}
