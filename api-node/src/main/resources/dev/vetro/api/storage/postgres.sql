-- Our own DDL for PostgreSQL: the bundled script has CREATE UNIQUE INDEX without IF NOT EXISTS
-- and CREATE INDEX CONCURRENTLY, which fail (or cannot run in a transaction) on the second start.
-- Same tables and columns as pekko-persistence-jdbc 1.1.1's postgres-create-schema.sql.
CREATE TABLE IF NOT EXISTS event_journal (
  ordering BIGSERIAL,
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  writer VARCHAR(255) NOT NULL,
  write_timestamp BIGINT,
  adapter_manifest VARCHAR(255),
  event_ser_id INTEGER NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY(persistence_id, sequence_number)
);
CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON event_journal(ordering);
CREATE TABLE IF NOT EXISTS event_tag (
  event_id BIGINT,
  tag VARCHAR(256),
  PRIMARY KEY(event_id, tag),
  CONSTRAINT fk_event_journal FOREIGN KEY(event_id) REFERENCES event_journal(ordering) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS snapshot (
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  created BIGINT NOT NULL,
  snapshot_ser_id INTEGER NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY(persistence_id, sequence_number)
);
CREATE TABLE IF NOT EXISTS decisions (
  event_id VARCHAR(80) PRIMARY KEY,
  workspace_id VARCHAR(64) NOT NULL,
  database_id VARCHAR(64) NOT NULL,
  bucket VARCHAR(128) NOT NULL,
  ts BIGINT NOT NULL,
  decision VARCHAR(16) NOT NULL,
  rule_code VARCHAR(64),
  rule_codes VARCHAR(2000),
  severity VARCHAR(16),
  message VARCHAR(2000),
  fingerprint VARCHAR(64),
  database_user VARCHAR(256),
  source VARCHAR(16) NOT NULL,
  statement VARCHAR(4000)
);
CREATE INDEX IF NOT EXISTS decisions_db_ts ON decisions (database_id, ts, event_id);
CREATE INDEX IF NOT EXISTS decisions_bucket ON decisions (bucket);
-- Added for the dashboard's detail panel (observe mode's would-be verdict, where the rule matched).
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS enforce_decision VARCHAR(16);
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS ast_node_path VARCHAR(500);
CREATE TABLE IF NOT EXISTS proxy_status (
  database_id VARCHAR(64) NOT NULL,
  node_id VARCHAR(128) NOT NULL,
  workspace_id VARCHAR(64) NOT NULL,
  last_seen BIGINT NOT NULL,
  version VARCHAR(128),
  upstream_reachable BOOLEAN NOT NULL,
  policy_version BIGINT,
  PRIMARY KEY (database_id, node_id)
);
-- Catalog views (CatalogProjection): one row per database / API key, seq_nr = last event applied.
CREATE TABLE IF NOT EXISTS databases_view (
  database_id VARCHAR(64) PRIMARY KEY,
  workspace_id VARCHAR(64) NOT NULL,
  name VARCHAR(256) NOT NULL,
  dialect VARCHAR(16) NOT NULL,
  mode VARCHAR(16) NOT NULL,
  policy_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  seq_nr BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS databases_view_workspace ON databases_view (workspace_id, created_at, database_id);
CREATE TABLE IF NOT EXISTS api_keys_view (
  key_hash VARCHAR(64) PRIMARY KEY,
  key_id VARCHAR(64) NOT NULL,
  workspace_id VARCHAR(64) NOT NULL,
  name VARCHAR(256) NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT,
  seq_nr BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_view_workspace ON api_keys_view (workspace_id, created_at, key_id);
-- Scopes (comma-separated; NULL = a key from before scopes) and the databases a key is limited to
-- (NULL = all): added after the table existed, hence ALTER.
ALTER TABLE api_keys_view ADD COLUMN IF NOT EXISTS scopes VARCHAR(64);
ALTER TABLE api_keys_view ADD COLUMN IF NOT EXISTS database_ids TEXT;
-- One-off read-side migrations done on this store (CatalogBackfill).
CREATE TABLE IF NOT EXISTS read_side_backfills (
  name VARCHAR(64) PRIMARY KEY,
  done_at BIGINT NOT NULL
);
-- Proxy calls refused because their key was revoked (RefusalStore): the dashboard's proxy status
-- says so, since a refused proxy can no longer send heartbeats.
CREATE TABLE IF NOT EXISTS proxy_refusals (
    database_id VARCHAR(64) NOT NULL,
    key_id VARCHAR(64) NOT NULL,
    workspace_id VARCHAR(64) NOT NULL,
    last_refused BIGINT NOT NULL,
    reason VARCHAR(200) NOT NULL,
    PRIMARY KEY (database_id, key_id)
);
-- >>> Dashboard charts (DecisionMinutes; issue 10): decision counts per minute, kept by the decision
-- projection in the transaction that inserts the decision rows, so the Queries page's charts read
-- a few hundred rows instead of aggregating the whole history. '' stands for "no rule" / "no
-- fingerprint" (key columns cannot be NULL); sample_statement is MAX(statement) of the key's rows.
-- bucket is the retention bucket (database, UTC day): the retention sweep deletes by it.
CREATE TABLE IF NOT EXISTS decision_minutes (
  database_id VARCHAR(64) NOT NULL,
  minute_ts BIGINT NOT NULL,
  workspace_id VARCHAR(64) NOT NULL,
  bucket VARCHAR(128) NOT NULL,
  decision VARCHAR(16) NOT NULL,
  rule_code VARCHAR(64) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  n BIGINT NOT NULL,
  sample_statement VARCHAR(4000),
  PRIMARY KEY (database_id, minute_ts, workspace_id, bucket, decision, rule_code, fingerprint)
);
CREATE INDEX IF NOT EXISTS decision_minutes_bucket ON decision_minutes (bucket);
-- <<< Dashboard charts
