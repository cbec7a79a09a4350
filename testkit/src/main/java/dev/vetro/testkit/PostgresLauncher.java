package dev.vetro.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** initdb, configure, start, create roles; and the matching stop. */
final class PostgresLauncher {
  static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
  private static final int PORT_ATTEMPTS = 3;

  private PostgresLauncher() {}

  static Path binDir(PostgresServer.Options options) {
    if (options.binDir() != null) {
      return options.binDir();
    }
    String override = System.getenv("VETRO_PG_BIN");
    return Path.of(override == null || override.isBlank() ? DEFAULT_BIN : override);
  }

  static PostgresServer launch(PostgresServer.Options options) {
    Path bin = binDir(options);
    requireBinaries(bin);
    StaleServers.sweep();
    ServerLayout layout = new ServerLayout(StaleServers.createOwnedTempDir("vetro-pg-"));
    try {
      Certificates.Authority ca = Certificates.ca("Vetro Test CA");
      Map<String, IssuedCertificate> clients = prepareFiles(layout, ca, options);
      initdb(bin, layout);
      int port = startOnFreePort(bin, layout, options);
      createRolesAndDatabase(port);
      return new PostgresServer(layout, port, bin, ca, clients);
    } catch (RuntimeException e) {
      String log = tail(layout.logFile(), 4000);
      stop(bin, layout);
      ServerUser.deleteTree(layout.base());
      if (e instanceof PostgresStartException) {
        throw e;
      }
      throw new PostgresStartException(
          "PostgreSQL test server did not start: "
              + e.getMessage()
              + "\n--- tail of server log ---\n"
              + log,
          e);
    }
  }

  private static void requireBinaries(Path bin) {
    for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new PostgresStartException(
            "PostgreSQL server binary missing: "
                + bin.resolve(tool)
                + " is not an executable file. Install the Debian package postgresql-15 "
                + "(testkit/bin/install-test-deps does) or set VETRO_PG_BIN to the bin directory "
                + "of a PostgreSQL 15 installation.");
      }
    }
    if (ServerUser.runningAsRoot()
        && !Files.isExecutable(Path.of("/usr/sbin/runuser"))
        && !Files.isExecutable(Path.of("/sbin/runuser"))) {
      throw new PostgresStartException(
          "running as root but `runuser` (util-linux) is missing; PostgreSQL "
              + "refuses to run as root, so the testkit runs it as the 'postgres' user through runuser");
    }
  }

  private static Map<String, IssuedCertificate> prepareFiles(
      ServerLayout layout, Certificates.Authority ca, PostgresServer.Options options) {
    try {
      Files.createDirectories(layout.socketDir());
      Files.createDirectories(layout.tlsDir());
      ca.writeCertificate(layout.caCertFile());
      IssuedCertificate server =
          ca.issue(
              "localhost",
              List.of("localhost"),
              List.of(PostgresServer.HOST),
              false,
              options.serverKeyType());
      server.writeCertificate(layout.serverCertFile());
      server.writePrivateKey(layout.serverKeyFile(), Certificates.KeyFormat.PKCS8);
      Pem.write(layout.passwordFile(), PostgresServer.SUPERUSER_PASSWORD + "\n", true);
      ServerUser.own(layout.base());

      // After the chown: client keys must stay owned by the user that runs the clients.
      Files.createDirectories(layout.clientDir());
      ServerUser.chmod(layout.clientDir(), "rwx------");
      IssuedCertificate client = ca.issue(PostgresServer.CERT_USER, List.of(), List.of(), true);
      client.writeCertificate(layout.clientDir().resolve(PostgresServer.CERT_USER + ".crt"));
      client.writePrivateKey(
          layout.clientDir().resolve(PostgresServer.CERT_USER + ".key"),
          Certificates.KeyFormat.PKCS8);
      return Map.of(PostgresServer.CERT_USER, client);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + layout.base(), e);
    }
  }

  private static void initdb(Path bin, ServerLayout layout) {
    ProcessRunner.Result result =
        asServerUser(
                layout,
                bin.resolve("initdb").toString(),
                "-D",
                layout.dataDir().toString(),
                "-U",
                PostgresServer.SUPERUSER,
                "--pwfile=" + layout.passwordFile(),
                "-E",
                "UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
                "--no-instructions")
            .timeout(Duration.ofSeconds(120))
            .run();
    if (!result.succeeded()) {
      throw new PostgresStartException("initdb failed:\n" + result.describe());
    }
  }

  private static int startOnFreePort(
      Path bin, ServerLayout layout, PostgresServer.Options options) {
    String lastFailure = "";
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = FreePorts.pick();
      writeConfig(layout, options, port);
      ProcessRunner.Result result =
          asServerUser(
                  layout,
                  bin.resolve("pg_ctl").toString(),
                  "start",
                  "-D",
                  layout.dataDir().toString(),
                  "-l",
                  layout.logFile().toString(),
                  "-w",
                  "-t",
                  Long.toString(options.startTimeout().toSeconds()),
                  "-s")
              .timeout(options.startTimeout().plusSeconds(30))
              .run();
      if (result.succeeded()) {
        return port;
      }
      String log = tail(layout.logFile(), 4000);
      lastFailure = result.describe() + "\n--- tail of server log ---\n" + log;
      stop(bin, layout);
      // Another process may take the port between pick() and bind: only that is worth a retry.
      if (!log.contains("Address already in use")) {
        break;
      }
    }
    throw new PostgresStartException("pg_ctl start failed:\n" + lastFailure);
  }

  private static void writeConfig(ServerLayout layout, PostgresServer.Options options, int port) {
    Path conf = layout.dataDir().resolve("postgresql.conf");
    Path hba = layout.dataDir().resolve("pg_hba.conf");
    try {
      String text = PostgresConfig.postgresqlConf(PostgresConfig.settings(options, port, layout));
      Files.writeString(
          conf, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      Files.writeString(hba, PostgresConfig.hba(options.hbaLines()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the server configuration in " + layout.dataDir(), e);
    }
  }

  private static void createRolesAndDatabase(int port) {
    String base = "jdbc:postgresql://" + PostgresServer.HOST + ":" + port + "/";
    String credentials =
        "?user="
            + PostgresServer.SUPERUSER
            + "&password="
            + PostgresServer.SUPERUSER_PASSWORD
            + "&sslmode=disable";
    run(base + "postgres" + credentials, PostgresConfig.setupStatements());
    run(base + PostgresServer.DATABASE + credentials, PostgresConfig.databaseStatements());
  }

  private static void run(String url, List<String> statements) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new PostgresStartException("setting up roles failed: " + e.getMessage(), e);
    }
  }

  /** Immediate stop: a test server has nothing worth a clean shutdown. Never throws. */
  static void stop(Path bin, ServerLayout layout) {
    if (!Files.exists(layout.dataDir().resolve("postmaster.pid"))) {
      return;
    }
    try {
      asServerUser(
              layout,
              bin.resolve("pg_ctl").toString(),
              "stop",
              "-D",
              layout.dataDir().toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              "30",
              "-s")
          .timeout(Duration.ofSeconds(45))
          .run();
    } catch (RuntimeException e) {
      // Fall through to the signal below.
    }
    StaleServers.signalPostmaster(layout.dataDir());
  }

  private static ProcessRunner asServerUser(ServerLayout layout, String... command) {
    List<String> full = new ArrayList<>(List.of(command));
    // cwd must be readable by the server user, or initdb/pg_ctl warn and some versions fail.
    return ProcessRunner.of(ServerUser.wrap(full))
        .directory(layout.base())
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env("PGDATA", null);
  }

  /** The last {@code maxChars} characters of a file, or a note why there are none. */
  static String tail(Path file, int maxChars) {
    if (!Files.exists(file)) {
      return "(no log: " + file + " does not exist)";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = Math.max(0, length - maxChars);
      byte[] bytes = new byte[(int) (length - from)];
      in.seek(from);
      in.readFully(bytes);
      return (from > 0 ? "..." : "") + new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
