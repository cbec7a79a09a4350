package dev.vetro.loadtest.pgbench;

/**
 * Where pgbench connects: PostgreSQL itself, PgBouncer, or the Vetro proxy. {@code pid} is the
 * middle hop's process, whose CPU per transaction the report shows; 0 for direct PostgreSQL.
 */
record Endpoint(String name, String host, int port, String user, String database, long pid) {}
