package dev.vetro.policy.analysis;

import dev.vetro.policy.rules.RuleCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Every pg_catalog function of PostgreSQL 15 that is volatile or that PUBLIC may not execute, with
 * its class (resource {@code functions/pg15-volatile-or-privileged.tsv}, generated from a real
 * server by {@code ServerFunctionsTest}, which fails when the server has one the list lacks). A
 * call of a function of a dangerous class fires that class's rule wherever it appears.
 */
final class ServerFunctions {

  /** What calling the function can do. */
  enum Kind {
    /** Volatile for harmless reasons (random(), now(), nextval() …): no rule. */
    SAFE,
    /** Sleeps (VETRO-070). */
    SLEEPS,
    /** Reads or writes server files, runs programs, reaches other servers (VETRO-073). */
    REACHES,
    /** Signals, cancels or ends other sessions (VETRO-073). */
    ENDS_SESSIONS,
    /** Administers the server: WAL, replication slots and origins, backups, statistics resets. */
    ADMINISTERS,
    /** Returns secrets: configuration files, access rules (VETRO-102). */
    READS_SECRETS,
    /** Changes settings; judged by the setting it changes (set_config). */
    CHANGES_SETTINGS,
    /** Runs a query given as a string (query_to_xml, ts_stat …): text nobody judged. */
    RUNS_TEXT
  }

  private static final Map<String, Kind> TABLE = load();

  private ServerFunctions() {}

  /** The class of a pg_catalog function name (lower case), or null when it is neither. */
  static Kind of(String name) {
    return TABLE.get(name);
  }

  static Map<String, Kind> all() {
    return TABLE;
  }

  /** The rule a call fires, or null for classes without one. */
  static String rule(Kind k) {
    return switch (k) {
      case SLEEPS -> RuleCodes.SLEEP_FUNCTION;
      case REACHES, ENDS_SESSIONS -> RuleCodes.SERVER_REACH;
      case ADMINISTERS -> RuleCodes.SERVER_ADMINISTRATION;
      case READS_SECRETS -> RuleCodes.SECRET_CATALOG_READ;
      case RUNS_TEXT -> RuleCodes.UNREADABLE_FUNCTION_BODY;
      case SAFE, CHANGES_SETTINGS -> null;
    };
  }

  private static Map<String, Kind> load() {
    Map<String, Kind> m = new HashMap<>();
    String resource = "/functions/pg15-volatile-or-privileged.tsv";
    try (InputStream in = ServerFunctions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t");
        m.put(parts[0], Kind.valueOf(parts[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }
}
