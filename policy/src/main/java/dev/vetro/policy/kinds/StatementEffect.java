package dev.vetro.policy.kinds;

/**
 * What a kind of statement does when it runs, as the verdict table records it. Coarser than the
 * statement's findings and independent of its text: it says which class of change a kind belongs
 * to, so every kind is placed somewhere deliberately.
 */
public enum StatementEffect {
  /** Reads data (SELECT, SHOW, FETCH, EXPLAIN without ANALYZE). */
  READ,
  /** Changes only this session (SET, transaction control, cursors, prepared statements). */
  SESSION,
  /** Writes rows, or maintains tables (INSERT, UPDATE, DELETE, COPY FROM, VACUUM, CLUSTER). */
  WRITE,
  /** Changes the schema of this database (CREATE/ALTER/DROP of objects). */
  SCHEMA,
  /** Changes who may do what (GRANT, roles, policies, ownership, default privileges). */
  PRIVILEGE,
  /** Changes the server or cluster (ALTER SYSTEM, databases, tablespaces, replication). */
  SERVER
}
