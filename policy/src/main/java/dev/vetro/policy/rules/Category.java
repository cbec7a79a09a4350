package dev.vetro.policy.rules;

/** What kind of harm a rule guards against; used for grouping in docs and SARIF tags. */
public enum Category {
  DATA_LOSS,
  SCHEMA_CHANGE,
  MIGRATION_LOCKING,
  SECURITY,
  PERFORMANCE,
  STYLE,
  META
}
