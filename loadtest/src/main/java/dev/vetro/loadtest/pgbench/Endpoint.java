package dev.vetro.loadtest.pgbench;

/** Where pgbench connects: PostgreSQL itself, PgBouncer, or the Vetro proxy. */
record Endpoint(String name, String host, int port, String user, String database) {}
