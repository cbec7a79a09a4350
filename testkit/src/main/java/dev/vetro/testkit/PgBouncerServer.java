package dev.vetro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real pgbouncer in front of a {@link PostgresServer}, for benchmarks and for comparing the proxy
 * with the pooler users already run.
 *
 * <p>Authentication works against the SCRAM upstream without holding passwords: the auth file holds
 * the verifiers copied from {@code pg_authid}, and pgbouncer reuses the keys from the client's own
 * SCRAM exchange to log in upstream. So clients must use SCRAM (default {@code auth_type =
 * scram-sha-256}); {@code md5_user}, whose verifier is md5, needs {@code
 * Options.withAuthType("md5")}, which also accepts SCRAM users.
 */
public final class PgBouncerServer implements AutoCloseable {
  private static final int PORT_ATTEMPTS = 3;

  private final PostgresServer upstream;
  private final Path base;
  private final int port;
  private final ProcessRunner.Background process;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private PgBouncerServer(
      PostgresServer upstream, Path base, int port, ProcessRunner.Background process) {
    this.upstream = upstream;
    this.base = base;
    this.port = port;
    this.process = process;
    this.shutdownHook = new Thread(this::stopQuietly, "vetro-pgbouncer-stop-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static PgBouncerServer start(PostgresServer upstream) {
    return start(upstream, Options.defaults());
  }

  public static PgBouncerServer start(PostgresServer upstream, Options options) {
    Path pgbouncer = Tools.pgbouncer();
    StaleServers.sweep();
    Path base = StaleServers.createOwnedTempDir("vetro-pgbouncer-");
    try {
      Files.writeString(base.resolve("userlist.txt"), authFile(upstream));
      ServerUser.chmod(base.resolve("userlist.txt"), "rw-------");
      String lastFailure = "";
      for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
        int port = FreePorts.pick();
        Path ini = base.resolve("pgbouncer.ini");
        Files.writeString(ini, config(upstream, base, port, options));
        ServerUser.own(base);
        ProcessRunner.Background process =
            ProcessRunner.of(
                    ServerUser.wrap(
                        List.of(
                            "sh",
                            "-c",
                            // runuser starts it with a soft limit of 1024 files; the
                            // 5,000-connection
                            // benchmark needs the hard limit.
                            "ulimit -n \"$(ulimit -Hn)\" && exec \"$0\" \"$1\"",
                            pgbouncer.toString(),
                            ini.toString())))
                .directory(base)
                .start();
        if (awaitListening(process, port, Duration.ofSeconds(20))) {
          return new PgBouncerServer(upstream, base, port, process);
        }
        process.stop();
        lastFailure = process.output();
        if (!lastFailure.contains("Address already in use")) {
          break;
        }
      }
      throw new IllegalStateException("pgbouncer did not start:\n" + lastFailure);
    } catch (IOException e) {
      ServerUser.deleteTree(base);
      throw new UncheckedIOException("cannot prepare pgbouncer in " + base, e);
    } catch (RuntimeException e) {
      ServerUser.deleteTree(base);
      throw e;
    }
  }

  /**
   * "name" "verifier" for every role with a stored password: SCRAM or md5 verifiers, never
   * cleartext.
   */
  static String authFile(PostgresServer upstream) {
    StringBuilder text = new StringBuilder();
    for (List<String> row :
        upstream.execAsSuperuser(
            "SELECT rolname, rolpassword FROM pg_authid WHERE rolcanlogin AND rolpassword IS NOT NULL ORDER BY 1")) {
      text.append('"')
          .append(row.get(0).replace("\"", "\"\""))
          .append("\" \"")
          .append(row.get(1).replace("\"", "\"\""))
          .append("\"\n");
    }
    return text.toString();
  }

  private static String config(PostgresServer upstream, Path base, int port, Options options) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("listen_addr", PostgresServer.HOST);
    settings.put("listen_port", Integer.toString(port));
    settings.put("unix_socket_dir", base.toString());
    settings.put("auth_type", options.authType());
    settings.put("auth_file", base.resolve("userlist.txt").toString());
    settings.put("pool_mode", options.poolMode());
    settings.put("default_pool_size", Integer.toString(options.defaultPoolSize()));
    settings.put("max_client_conn", Integer.toString(options.maxClientConn()));
    settings.put("pidfile", base.resolve("pgbouncer.pid").toString());
    settings.put("admin_users", PostgresServer.SUPERUSER);
    // pgjdbc sends extra_float_digits at startup; pgbouncer refuses unknown parameters otherwise.
    settings.put("ignore_startup_parameters", "extra_float_digits,options");
    settings.put("server_tls_sslmode", "disable");
    settings.putAll(options.settings());
    StringBuilder text =
        new StringBuilder("[databases]\n* = host=")
            .append(PostgresServer.HOST)
            .append(" port=")
            .append(upstream.port())
            .append("\n\n[pgbouncer]\n");
    settings.forEach((name, value) -> text.append(name).append(" = ").append(value).append('\n'));
    return text.toString();
  }

  private static boolean awaitListening(
      ProcessRunner.Background process, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(PostgresServer.HOST, port), 500);
        return true;
      } catch (IOException notYet) {
        ProcessRunner.sleep(50);
      }
    }
    return false;
  }

  public String host() {
    return PostgresServer.HOST;
  }

  public int port() {
    return port;
  }

  public PostgresServer upstream() {
    return upstream;
  }

  /**
   * The pgbouncer process itself, from its pidfile: the process this class started may be runuser
   * (as root), whose child pgbouncer is.
   */
  public long pid() {
    try {
      return Long.parseLong(Files.readString(base.resolve("pgbouncer.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("pgbouncer wrote no readable pidfile in " + base, e);
    }
  }

  public Path configFile() {
    return base.resolve("pgbouncer.ini");
  }

  /**
   * pgjdbc URL to the test database through pgbouncer (plain TCP; pgbouncer does not terminate TLS
   * here).
   */
  public String jdbcUrl(String user) {
    return upstream.jdbcUrl(user, "disable", host(), port);
  }

  public String libpqConnectionString(String user) {
    return upstream.libpqConnectionString(user, "disable", host(), port);
  }

  /** What pgbouncer printed (its log goes to stderr), bounded. */
  public String output() {
    return process.output();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // JVM shutting down: the hook does the work.
    }
    stopQuietly();
  }

  private void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    process.stop();
    ServerUser.deleteTree(base);
  }

  @Override
  public String toString() {
    return "PgBouncerServer[" + PostgresServer.HOST + ":" + port + " -> " + upstream + "]";
  }

  /** pool_mode, auth_type, pool sizes and any other pgbouncer.ini settings (they win). */
  public record Options(
      String poolMode,
      String authType,
      int defaultPoolSize,
      int maxClientConn,
      Map<String, String> settings) {
    public Options {
      Objects.requireNonNull(poolMode, "poolMode");
      Objects.requireNonNull(authType, "authType");
      settings = Map.copyOf(settings);
    }

    public static Options defaults() {
      return new Options("session", "scram-sha-256", 50, 1000, Map.of());
    }

    public Options withPoolMode(String mode) {
      return new Options(mode, authType, defaultPoolSize, maxClientConn, settings);
    }

    public Options withAuthType(String type) {
      return new Options(poolMode, type, defaultPoolSize, maxClientConn, settings);
    }

    public Options withDefaultPoolSize(int size) {
      return new Options(poolMode, authType, size, maxClientConn, settings);
    }

    public Options withSetting(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(settings);
      more.put(name, value);
      return new Options(poolMode, authType, defaultPoolSize, maxClientConn, more);
    }
  }
}
