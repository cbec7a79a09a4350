package dev.vetro.api.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vetro.api.ApiConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The one database behind a node: journal, snapshots, projection offsets and view tables. H2 in the
 * data directory by default, PostgreSQL when {@code VETRO_JOURNAL_URL} is set. Creates the schema
 * on open (idempotently, so every start may run it).
 */
public final class Storage implements AutoCloseable {

  public enum Kind {
    H2,
    POSTGRES
  }

  private final Kind kind;
  private final String url;
  private final String user;
  private final String password;
  private final HikariDataSource pool;

  private Storage(Kind kind, String url, String user, String password) {
    this.kind = kind;
    this.url = url;
    this.user = user;
    this.password = password;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(8);
    hc.setPoolName("vetro-api-views");
    hc.setAutoCommit(true);
    this.pool = new HikariDataSource(hc);
  }

  public static Storage open(ApiConfig config) {
    Storage s;
    if (config.journalUrl().isPresent()) {
      String url = config.journalUrl().get();
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "VETRO_JOURNAL_URL must be a PostgreSQL JDBC URL "
                + "(jdbc:postgresql://host:port/db), got '"
                + url
                + "'");
      }
      s = new Storage(Kind.POSTGRES, url, config.journalUser(), config.journalPassword());
    } else {
      Path dir = config.dataDir().toAbsolutePath().normalize();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create VETRO_DATA_DIR " + dir, e);
      }
      // After a kill, H2's own quick recovery can open an older version than the last commit;
      // a full scan first finds it (see H2Recovery).
      H2Recovery.recoverIfUnclean(H2Recovery.fileOf(dir.resolve("vetro")));
      s = new Storage(Kind.H2, h2Url(dir.resolve("vetro")), "sa", "");
    }
    try {
      s.createSchema();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * The embedded journal's JDBC URL for the H2 file {@code base}{@code .mv.db}.
   * DB_CLOSE_ON_EXIT=FALSE: the node closes the pools itself after Pekko stopped writing.
   * WRITE_DELAY=0: each commit is written to the file before the commit returns (H2's default keeps
   * commits in memory for up to 500 ms, so a kill -9 lost writes already answered 2xx). The write
   * reaches the OS, not the disk (no fsync): it survives the process, not a power cut.
   */
  public static String h2Url(Path base) {
    return "jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  /** PostgreSQL advisory lock key for schema changes (an arbitrary constant: "vetro" in ASCII). */
  private static final long SCHEMA_LOCK = 0x766574726fL;

  private void createSchema() {
    String script = resource(kind == Kind.H2 ? "h2.sql" : "postgres.sql");
    underSchemaLock(
        () -> {
          try (Connection c = pool.getConnection();
              Statement st = c.createStatement()) {
            for (String sql : statements(script)) {
              st.execute(sql);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(
                "cannot create the schema in " + url + ": " + e.getMessage(), e);
          }
          return null;
        });
  }

  /**
   * Runs {@code ddl} while no other node of the cluster runs schema DDL on this database. Nodes
   * start together; two {@code CREATE TABLE IF NOT EXISTS} racing on an empty PostgreSQL database
   * both pass the check and one fails on pg_type's unique index, so that node does not start. H2 is
   * one node's own file: nothing to wait for.
   */
  public <T> T underSchemaLock(java.util.function.Supplier<T> ddl) {
    if (kind != Kind.POSTGRES) {
      return ddl.get();
    }
    try (Connection lock = pool.getConnection();
        Statement st = lock.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
      try {
        return ddl.get();
      } finally {
        st.execute(
            "SELECT pg_advisory_unlock("
                + SCHEMA_LOCK
                + ")"); // the connection goes back to the pool
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot take the schema lock in " + url + ": " + e.getMessage(), e);
    }
  }

  /** Our scripts hold no ';' inside statements, so a split on ';' at line end is exact. */
  static java.util.List<String> statements(String script) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = cur.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = Storage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pekko settings pointing the journal, snapshot store, read journal and projections here. */
  public Config pekkoConfig() {
    Map<String, Object> db =
        Map.of(
            "url",
            url,
            "user",
            user,
            "password",
            password,
            "driver",
            kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver",
            "numThreads",
            4,
            "maxConnections",
            4,
            "minConnections",
            1);
    return ConfigFactory.empty()
        .withValue(
            "pekko-persistence-jdbc.shared-databases.slick.profile",
            ConfigValueFactory.fromAnyRef(
                kind == Kind.H2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$"))
        .withValue(
            "pekko-persistence-jdbc.shared-databases.slick.db", ConfigValueFactory.fromMap(db))
        .withValue(
            "pekko.projection.jdbc.dialect",
            ConfigValueFactory.fromAnyRef(kind == Kind.H2 ? "h2-dialect" : "postgres-dialect"));
  }

  public Kind kind() {
    return kind;
  }

  public DataSource dataSource() {
    return pool;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public String describe() {
    return kind == Kind.H2 ? "H2 " + url : "PostgreSQL " + url;
  }

  @Override
  public void close() {
    pool.close();
  }
}
