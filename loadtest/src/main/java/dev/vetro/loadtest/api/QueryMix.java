package dev.vetro.loadtest.api;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statements the load test sends, shaped like an application's traffic: 80% come from a few
 * templates whose literals change on every request (the engine's fingerprint cache should absorb
 * them), 20% are distinct statements nobody sent before (a new fingerprint each, so a full parse).
 * About 9% of all requests are statements the default policy blocks (a DELETE without WHERE from
 * the templates, a DROP TABLE among the distinct ones), so the history holds both outcomes.
 */
public final class QueryMix {
  /** Share of requests drawn from the repeated templates; the rest are distinct statements. */
  static final double REPEATED_SHARE = 0.8;

  private static final String[] REPEATED = {
    "SELECT id, email, status FROM users WHERE id = %d",
    "UPDATE accounts SET balance = balance + %d WHERE id = %d",
    "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.id = %d AND o.created_at > '2026-%02d-01' ORDER BY o.id LIMIT 50",
    "INSERT INTO events (user_id, kind, payload) VALUES (%d, 'login', '{\"ip\": \"10.0.%d.1\"}')",
    "DELETE FROM sessions WHERE id = %d",
    "SELECT count(*) FROM line_items WHERE order_id = %d AND sku IN ('A-%d', 'B-1', 'C-2')",
    "UPDATE users SET last_seen = now() WHERE id = %d",
    "SELECT p.name, p.price FROM products p WHERE p.category_id = %d AND p.price < %d",
    // blocked by the default policy: a DELETE without WHERE (the literal only varies the comment)
    "DELETE FROM audit_log /* job %d */",
  };

  private final AtomicLong distinct = new AtomicLong();

  /** The next statement; safe to call from any thread. */
  public String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (r.nextDouble() < REPEATED_SHARE) {
      return repeated(r);
    }
    return distinct(distinct.incrementAndGet(), r);
  }

  private static String repeated(ThreadLocalRandom r) {
    // the blocked template is drawn at 1/16 of the repeated share (5% of all requests)
    int i = r.nextInt(16) == 0 ? REPEATED.length - 1 : r.nextInt(REPEATED.length - 1);
    return String.format(REPEATED[i], r.nextInt(1, 1_000_000), r.nextInt(1, 12), r.nextInt(1, 12));
  }

  /** A statement with identifiers seen once: a new fingerprint for the engine's cache. */
  static String distinct(long n, ThreadLocalRandom r) {
    return switch ((int) (n % 5)) {
      case 0 ->
          "SELECT col_"
              + n
              + ", updated_at FROM report_"
              + n
              + " WHERE tenant_id = "
              + r.nextInt(1000);
      case 1 -> "INSERT INTO import_" + n + " (a, b) VALUES (" + r.nextInt(1000) + ", 'x')";
      case 2 -> "UPDATE batch_" + n + " SET state = 'done' WHERE id = " + r.nextInt(1000);
      case 3 ->
          "SELECT t.k_"
              + n
              + " FROM t_"
              + n
              + " t JOIN u ON u.id = t.u_id WHERE u.id = "
              + r.nextInt(1000);
      default -> "DROP TABLE tmp_import_" + n; // blocked: drop table
    };
  }

  /** The evaluation request body for one statement. */
  public static String body(String sql, String databaseId) {
    return "{\"query\":\""
        + jsonEscape(sql)
        + "\",\"database_id\":\""
        + databaseId
        + "\",\"dialect\":\"postgres\"}";
  }

  static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
