package dev.vetro.proxy.enforce;

import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCatalog;
import java.util.Map;

/**
 * FunctionCall (the fast path) names a function by OID and bypasses SQL, so the proxy judges the
 * SQL call it stands for: {@code SELECT pg_catalog.lowrite($1, $2)}. Only OIDs of built-in
 * functions can be named without asking the server: they are fixed in PostgreSQL's catalog
 * (pg_proc.dat) and the same in every supported release. The table holds what clients really send
 * (libpq's large-object API, which psql's {@code \lo_import} uses) and the server-file functions,
 * so those are refused by their own rule. Any other OID is a call the proxy cannot read and is
 * judged as such (the policy's parse_error setting; blocked by default).
 */
final class FunctionCalls {
  private static final Map<Integer, String> BUILT_IN =
      Map.ofEntries(
          Map.entry(715, "lo_create"),
          Map.entry(764, "lo_import"),
          Map.entry(765, "lo_export"),
          Map.entry(767, "lo_import"),
          Map.entry(952, "lo_open"),
          Map.entry(953, "lo_close"),
          Map.entry(954, "loread"),
          Map.entry(955, "lowrite"),
          Map.entry(956, "lo_lseek"),
          Map.entry(957, "lo_creat"),
          Map.entry(958, "lo_tell"),
          Map.entry(964, "lo_unlink"),
          Map.entry(1004, "lo_truncate"),
          Map.entry(3170, "lo_lseek64"),
          Map.entry(3171, "lo_tell64"),
          Map.entry(3172, "lo_truncate64"),
          Map.entry(3457, "lo_from_bytea"),
          Map.entry(3458, "lo_get"),
          Map.entry(3459, "lo_get"),
          Map.entry(3460, "lo_put"),
          Map.entry(2623, "pg_stat_file"),
          Map.entry(3307, "pg_stat_file"),
          Map.entry(2624, "pg_read_file"),
          Map.entry(3293, "pg_read_file"),
          Map.entry(3826, "pg_read_file"),
          Map.entry(3295, "pg_read_binary_file"),
          Map.entry(3827, "pg_read_binary_file"),
          Map.entry(3828, "pg_read_binary_file"),
          Map.entry(2625, "pg_ls_dir"),
          Map.entry(3297, "pg_ls_dir"));

  private FunctionCalls() {}

  /**
   * The SQL a FunctionCall stands for, or null when the OID is not a function the proxy can name.
   */
  static String asSql(int functionOid, int arguments) {
    String name = BUILT_IN.get(functionOid);
    if (name == null) {
      return null;
    }
    StringBuilder sql = new StringBuilder(40).append("SELECT pg_catalog.").append(name).append('(');
    for (int i = 1; i <= arguments; i++) {
      sql.append(i == 1 ? "$" : ", $").append(i);
    }
    return sql.append(')').toString();
  }

  static Finding unknown(int functionOid) {
    return Finding.of(
        RuleCatalog.PARSE_ERROR,
        "FunctionCall > FunctionOid = " + Integer.toUnsignedString(functionOid),
        "the fast-path function call names a function the proxy cannot identify");
  }

  static String describe(int functionOid) {
    return "FunctionCall(oid " + Integer.toUnsignedString(functionOid) + ")";
  }
}
