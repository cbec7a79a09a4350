package dev.vetro.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real PostgreSQL 15 for tests: fresh initdb in a temp dir, a free port on 127.0.0.1, TLS with a
 * CA made at start, and one login role per authentication method.
 *
 * <pre>{@code
 * PostgresServer pg = PostgresServer.shared();
 * try (Connection c = DriverManager.getConnection(pg.jdbcUrl(PostgresServer.SCRAM_USER, "verify-full"))) { ... }
 * }</pre>
 *
 * <p>If the server cannot start, {@link #start} throws {@link PostgresStartException} saying what
 * is missing and quoting the server log, so the test fails (never skips).
 */
public final class PostgresServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final String DATABASE = "vetro_test";

  public static final String SUPERUSER = "postgres";
  public static final String TRUST_USER = "trust_user";
  public static final String PASSWORD_USER = "password_user";
  public static final String MD5_USER = "md5_user";
  public static final String SCRAM_USER = "scram_user";
  public static final String CERT_USER = "cert_user";

  public static final String SUPERUSER_PASSWORD = "vetro-superuser-pw";
  public static final String TRUST_PASSWORD = "vetro-trust-pw";
  public static final String PASSWORD_PASSWORD = "vetro-cleartext-pw";
  public static final String MD5_PASSWORD = "vetro-md5-pw";
  public static final String SCRAM_PASSWORD = "vetro-scram-pw";
  public static final String CERT_PASSWORD = "vetro-cert-pw";

  /**
   * Every role the server creates, with its password (trust and cert roles have one too; it is
   * never asked).
   */
  public static final Map<String, String> ROLES = rolesInOrder();

  private static PostgresServer shared;
  private static RuntimeException sharedFailure;

  private final ServerLayout layout;
  private final int port;
  private final Path binDir;
  private final Certificates.Authority ca;
  private final Map<String, IssuedCertificate> clientCertificates;
  private final Thread shutdownHook;
  private volatile boolean closed;

  PostgresServer(
      ServerLayout layout,
      int port,
      Path binDir,
      Certificates.Authority ca,
      Map<String, IssuedCertificate> clientCertificates) {
    this.layout = layout;
    this.port = port;
    this.binDir = binDir;
    this.ca = ca;
    this.clientCertificates = Map.copyOf(clientCertificates);
    this.shutdownHook = new Thread(this::stopQuietly, "vetro-postgres-stop-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** One server per JVM, started on first use and stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared != null) {
      return shared;
    }
    if (sharedFailure != null) {
      // Retrying a failed start in every test costs minutes and says nothing new.
      throw new PostgresStartException(
          "the shared PostgreSQL failed to start earlier in this JVM: "
              + sharedFailure.getMessage(),
          sharedFailure);
    }
    try {
      shared = start(Options.defaults());
      return shared;
    } catch (RuntimeException e) {
      sharedFailure = e;
      throw e;
    }
  }

  /** A server of the caller's own; close it when done (a JVM shutdown hook is the safety net). */
  public static PostgresServer start(Options options) {
    return PostgresLauncher.launch(options);
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public String database() {
    return DATABASE;
  }

  public Path dataDir() {
    return layout.dataDir();
  }

  /** Directory of the unix socket ({@code .s.PGSQL.<port>}); trust for every role. */
  public Path socketDir() {
    return layout.socketDir();
  }

  public Path binDir() {
    return binDir;
  }

  public Path logFile() {
    return layout.logFile();
  }

  public Path caCertFile() {
    return layout.caCertFile();
  }

  public Path serverCertFile() {
    return layout.serverCertFile();
  }

  public Path serverKeyFile() {
    return layout.serverKeyFile();
  }

  /** The test CA itself, to issue more certificates that this server trusts. */
  public Certificates.Authority certificateAuthority() {
    return ca;
  }

  /**
   * Client certificate (CN = user) signed by {@link #caCertFile()}; made for {@link #CERT_USER}.
   */
  public Path clientCertFile(String user) {
    requireClientCertificate(user);
    return layout.clientDir().resolve(user + ".crt");
  }

  /** Its key as PKCS#8 PEM, 0600, owned by the test user (what libpq and pgjdbc accept). */
  public Path clientKeyFile(String user) {
    requireClientCertificate(user);
    return layout.clientDir().resolve(user + ".key");
  }

  public IssuedCertificate clientCertificate(String user) {
    requireClientCertificate(user);
    return clientCertificates.get(user);
  }

  /** The password of one of the {@link #ROLES}. */
  public String password(String user) {
    String password = ROLES.get(user);
    if (password == null) {
      throw new IllegalArgumentException(
          "unknown role '" + user + "'; the testkit creates " + ROLES.keySet());
    }
    return password;
  }

  /**
   * pgjdbc URL to {@link #DATABASE} over TCP. Carries the password of known roles, the CA as {@code
   * sslrootcert} and, for roles with a client certificate, {@code sslcert}/{@code sslkey}.
   *
   * @param sslmode disable, allow, prefer, require, verify-ca or verify-full
   */
  public String jdbcUrl(String user, String sslmode) {
    return jdbcUrl(user, sslmode, HOST, port);
  }

  /** Same, against another host/port (a proxy or pgbouncer in front of this server). */
  public String jdbcUrl(String user, String sslmode, String host, int port) {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(DATABASE)
            .append("?user=")
            .append(user)
            .append("&sslmode=")
            .append(Objects.requireNonNull(sslmode, "sslmode"))
            .append("&sslrootcert=")
            .append(caCertFile());
    if (ROLES.containsKey(user)) {
      url.append("&password=").append(ROLES.get(user));
    }
    if (clientCertificates.containsKey(user)) {
      url.append("&sslcert=")
          .append(clientCertFile(user))
          .append("&sslkey=")
          .append(clientKeyFile(user));
    }
    return url.toString();
  }

  /** The superuser over TCP with SCRAM, without TLS. */
  public String superuserJdbcUrl() {
    return jdbcUrl(SUPERUSER, "disable");
  }

  /** libpq key/value connection string, for psql, psycopg and the like. */
  public String libpqConnectionString(String user, String sslmode) {
    return libpqConnectionString(user, sslmode, HOST, port);
  }

  /** Same, against another host/port (a proxy or pgbouncer in front of this server). */
  public String libpqConnectionString(String user, String sslmode, String host, int port) {
    StringBuilder dsn =
        new StringBuilder("host=")
            .append(host)
            .append(" port=")
            .append(port)
            .append(" dbname=")
            .append(DATABASE)
            .append(" user=")
            .append(user)
            .append(" sslmode=")
            .append(sslmode)
            .append(" sslrootcert=")
            .append(caCertFile());
    if (ROLES.containsKey(user)) {
      dsn.append(" password=").append(ROLES.get(user));
    }
    if (clientCertificates.containsKey(user)) {
      dsn.append(" sslcert=")
          .append(clientCertFile(user))
          .append(" sslkey=")
          .append(clientKeyFile(user));
    }
    return dsn.toString();
  }

  /**
   * The same as libpq environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE, ...).
   */
  public Map<String, String> libpqEnv(String user, String sslmode) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", HOST);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGDATABASE", DATABASE);
    env.put("PGUSER", user);
    env.put("PGSSLMODE", sslmode);
    env.put("PGSSLROOTCERT", caCertFile().toString());
    if (ROLES.containsKey(user)) {
      env.put("PGPASSWORD", ROLES.get(user));
    }
    if (clientCertificates.containsKey(user)) {
      env.put("PGSSLCERT", clientCertFile(user).toString());
      env.put("PGSSLKEY", clientKeyFile(user).toString());
    }
    return env;
  }

  public Connection connect(String user, String sslmode) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(user, sslmode));
  }

  /**
   * Runs SQL as the superuser in {@link #DATABASE}; several statements are fine. Returns the rows
   * of the last result set as strings (SQL NULL as null), empty when there is none.
   */
  public List<List<String>> execAsSuperuser(String sql) {
    return execAsSuperuser(DATABASE, sql);
  }

  public List<List<String>> execAsSuperuser(String database, String sql) {
    String url =
        "jdbc:postgresql://"
            + HOST
            + ":"
            + port
            + "/"
            + database
            + "?user="
            + SUPERUSER
            + "&password="
            + SUPERUSER_PASSWORD
            + "&sslmode=disable";
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      List<List<String>> rows = List.of();
      boolean isResultSet = statement.execute(sql);
      while (true) {
        if (isResultSet) {
          rows = rows(statement.getResultSet());
        } else if (statement.getUpdateCount() == -1) {
          return rows;
        }
        isResultSet = statement.getMoreResults();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "superuser SQL failed on " + HOST + ":" + port + " (" + e.getMessage() + "): " + sql, e);
    }
  }

  private static List<List<String>> rows(ResultSet resultSet) throws SQLException {
    try (resultSet) {
      ResultSetMetaData meta = resultSet.getMetaData();
      List<List<String>> rows = new ArrayList<>();
      while (resultSet.next()) {
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          row.add(resultSet.getString(column));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /**
   * The server log so far (bounded to its last {@code maxChars}), for assertions and failure
   * messages.
   */
  public String logTail(int maxChars) {
    return PostgresLauncher.tail(logFile(), maxChars);
  }

  public boolean isRunning() {
    return !closed && Files.exists(dataDir().resolve("postmaster.pid"));
  }

  /**
   * Stops the server immediately and deletes its files. The shared server ignores close: the JVM
   * owns it.
   */
  @Override
  public void close() {
    synchronized (PostgresServer.class) {
      if (this == shared) {
        return;
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or about to.
    }
    stopQuietly();
  }

  private void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    PostgresLauncher.stop(binDir, layout);
    ServerUser.deleteTree(layout.base());
  }

  @Override
  public String toString() {
    return "PostgresServer[" + HOST + ":" + port + ", " + layout.base() + "]";
  }

  private void requireClientCertificate(String user) {
    if (!clientCertificates.containsKey(user)) {
      throw new IllegalArgumentException(
          "no client certificate for '"
              + user
              + "'; made for "
              + clientCertificates.keySet()
              + " (issue more with certificateAuthority())");
    }
  }

  private static Map<String, String> rolesInOrder() {
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put(SUPERUSER, SUPERUSER_PASSWORD);
    roles.put(TRUST_USER, TRUST_PASSWORD);
    roles.put(PASSWORD_USER, PASSWORD_PASSWORD);
    roles.put(MD5_USER, MD5_PASSWORD);
    roles.put(SCRAM_USER, SCRAM_PASSWORD);
    roles.put(CERT_USER, CERT_PASSWORD);
    return java.util.Collections.unmodifiableMap(roles);
  }

  /**
   * How to start a server. {@code settings} go to postgresql.conf after the testkit's own (so they
   * win); {@code hbaLines} go before the testkit's lines (pg_hba is first-match); {@code binDir}
   * null means {@code $VETRO_PG_BIN}, else /usr/lib/postgresql/15/bin.
   */
  public record Options(
      int maxConnections,
      Map<String, String> settings,
      List<String> hbaLines,
      Certificates.KeyType serverKeyType,
      Duration startTimeout,
      Path binDir) {
    public Options {
      if (maxConnections < 10) {
        throw new IllegalArgumentException("maxConnections must be at least 10: " + maxConnections);
      }
      settings = Map.copyOf(settings);
      hbaLines = List.copyOf(hbaLines);
      Objects.requireNonNull(serverKeyType, "serverKeyType");
      Objects.requireNonNull(startTimeout, "startTimeout");
    }

    public static Options defaults() {
      return new Options(
          300, Map.of(), List.of(), Certificates.KeyType.RSA, Duration.ofSeconds(60), null);
    }

    public Options withMaxConnections(int maxConnections) {
      return new Options(maxConnections, settings, hbaLines, serverKeyType, startTimeout, binDir);
    }

    /** A postgresql.conf setting, written as is: quote string values yourself ({@code "'C'"}). */
    public Options withSetting(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(settings);
      more.put(name, value);
      return new Options(maxConnections, more, hbaLines, serverKeyType, startTimeout, binDir);
    }

    public Options withHbaLine(String line) {
      List<String> more = new ArrayList<>(hbaLines);
      more.add(line);
      return new Options(maxConnections, settings, more, serverKeyType, startTimeout, binDir);
    }

    public Options withServerKeyType(Certificates.KeyType keyType) {
      return new Options(maxConnections, settings, hbaLines, keyType, startTimeout, binDir);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(maxConnections, settings, hbaLines, serverKeyType, timeout, binDir);
    }

    public Options withBinDir(Path binDir) {
      return new Options(maxConnections, settings, hbaLines, serverKeyType, startTimeout, binDir);
    }
  }
}
