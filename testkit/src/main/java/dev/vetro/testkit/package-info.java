/**
 * Real parts for tests: a PostgreSQL 15 server ({@link dev.vetro.testkit.PostgresServer}),
 * certificates made at test time, real clients (psql, pgbench, pgbouncer, psycopg, node-pg) and
 * process running. Main scope so other modules' tests depend on it like on any library.
 */
package dev.vetro.testkit;
