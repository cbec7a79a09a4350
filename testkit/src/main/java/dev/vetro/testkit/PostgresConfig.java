package dev.vetro.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The postgresql.conf settings and pg_hba.conf lines of a test server.
 *
 * <p>One role per authentication method, so a test picks the method by picking the user; the hba
 * lines name each role explicitly, so a role can never fall through to a weaker method.
 */
final class PostgresConfig {
  private PostgresConfig() {}

  static Map<String, String> settings(
      PostgresServer.Options options, int port, ServerLayout layout) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("listen_addresses", quote(PostgresServer.HOST));
    settings.put("port", Integer.toString(port));
    settings.put("unix_socket_directories", quote(layout.socketDir().toString()));
    settings.put("max_connections", Integer.toString(options.maxConnections()));
    // Durability buys nothing in a throwaway cluster and costs seconds per test run.
    settings.put("fsync", "off");
    settings.put("synchronous_commit", "off");
    settings.put("full_page_writes", "off");
    settings.put("shared_buffers", "32MB");
    settings.put("ssl", "on");
    settings.put("ssl_cert_file", quote(layout.serverCertFile().toString()));
    settings.put("ssl_key_file", quote(layout.serverKeyFile().toString()));
    // Needed for `cert` auth: the server only asks for client certificates it can verify.
    settings.put("ssl_ca_file", quote(layout.caCertFile().toString()));
    // "connection authenticated: ... method=md5" lines let tests prove which method ran.
    settings.put("log_connections", "on");
    settings.put("log_disconnections", "off");
    settings.put("log_line_prefix", quote("%m [%p] %q%u@%d "));
    settings.put("logging_collector", "off");
    settings.put("lc_messages", quote("C"));
    settings.put("timezone", quote("UTC"));
    settings.putAll(options.settings());
    return settings;
  }

  static String postgresqlConf(Map<String, String> settings) {
    StringBuilder text =
        new StringBuilder("\n# Vetro testkit settings (later lines win over initdb's)\n");
    settings.forEach((name, value) -> text.append(name).append(" = ").append(value).append('\n'));
    return text.toString();
  }

  static String hba(List<String> extraLines) {
    StringBuilder text = new StringBuilder("# Vetro testkit: one role per authentication method\n");
    // Callers' lines first: pg_hba.conf is first-match, so these can override the defaults.
    extraLines.forEach(line -> text.append(line).append('\n'));
    text.append("local   all  all                          trust\n");
    text.append("hostssl all  ").append(PostgresServer.CERT_USER).append("  127.0.0.1/32  cert\n");
    text.append("host    all  ")
        .append(PostgresServer.CERT_USER)
        .append("  127.0.0.1/32  reject\n");
    text.append("host    all  ")
        .append(PostgresServer.TRUST_USER)
        .append("  127.0.0.1/32  trust\n");
    text.append("host    all  ")
        .append(PostgresServer.PASSWORD_USER)
        .append("  127.0.0.1/32  password\n");
    text.append("host    all  ").append(PostgresServer.MD5_USER).append("  127.0.0.1/32  md5\n");
    text.append("host    all  ")
        .append(PostgresServer.SCRAM_USER)
        .append("  127.0.0.1/32  scram-sha-256\n");
    text.append("host    all  all  127.0.0.1/32  scram-sha-256\n");
    return text.toString();
  }

  /** Roles, their passwords and the test database, run as the superuser right after start. */
  static List<String> setupStatements() {
    return List.of(
        "CREATE ROLE "
            + PostgresServer.TRUST_USER
            + " LOGIN PASSWORD '"
            + PostgresServer.TRUST_PASSWORD
            + "'",
        "CREATE ROLE "
            + PostgresServer.PASSWORD_USER
            + " LOGIN PASSWORD '"
            + PostgresServer.PASSWORD_PASSWORD
            + "'",
        // md5 auth needs an md5 verifier; with the default scram one PostgreSQL would
        // silently run SCRAM for an `md5` hba line and the test would prove nothing.
        "SET password_encryption = 'md5'",
        "CREATE ROLE "
            + PostgresServer.MD5_USER
            + " LOGIN PASSWORD '"
            + PostgresServer.MD5_PASSWORD
            + "'",
        "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE "
            + PostgresServer.SCRAM_USER
            + " LOGIN PASSWORD '"
            + PostgresServer.SCRAM_PASSWORD
            + "'",
        "CREATE ROLE "
            + PostgresServer.CERT_USER
            + " LOGIN PASSWORD '"
            + PostgresServer.CERT_PASSWORD
            + "'",
        "CREATE DATABASE " + PostgresServer.DATABASE + " OWNER " + PostgresServer.SUPERUSER,
        "GRANT CONNECT, TEMPORARY ON DATABASE " + PostgresServer.DATABASE + " TO PUBLIC");
  }

  /** Run inside the test database: PostgreSQL 15 no longer lets every role create in public. */
  static List<String> databaseStatements() {
    return List.of("GRANT USAGE, CREATE ON SCHEMA public TO PUBLIC");
  }

  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
