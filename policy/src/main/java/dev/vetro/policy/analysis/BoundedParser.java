package dev.vetro.policy.analysis;

import java.time.Duration;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser with a time budget. Uses {@code new CCJSqlParser(...)} directly because {@code
 * CCJSqlParserUtil.parse} starts a thread per call. The input is the canonical text from {@link
 * CanonicalSql}, so no dialect-specific lexing options are needed here.
 */
final class BoundedParser {

  /** The outcome of one parse. */
  sealed interface Result permits Parsed, Failed {}

  record Parsed(Statement statement) implements Result {}

  /**
   * @param timedOut true when the budget ran out (the parser was stopped)
   */
  record Failed(String reason, boolean timedOut) implements Result {}

  static final String TIMEOUT_PREFIX = "analysis time budget";

  private final long budgetNanos;

  BoundedParser(Duration budget) {
    this.budgetNanos = budget.toNanos();
  }

  /**
   * Loads and JIT-primes JSqlParser outside any budget: its first parse in a JVM loads a 1.5 MB
   * parser class and takes ~200 ms, which would otherwise turn the first statements after start
   * into budget failures.
   */
  static void warmUp() {
    String[] typical = {
      "SELECT a, b FROM t WHERE id = $1 ORDER BY a LIMIT 10",
      "UPDATE t SET a = a + 1 WHERE id = 5",
      "INSERT INTO t (a, b) VALUES (1, 'x')",
      "DELETE FROM t WHERE id IN (1, 2)",
      "WITH x AS (SELECT 1) SELECT * FROM x JOIN y ON x.a = y.a"
    };
    for (int round = 0; round < 20; round++) {
      for (String sql : typical) {
        for (boolean complex : new boolean[] {false, true}) {
          try {
            new CCJSqlParser(new StringProvider(sql))
                .withSquareBracketQuotation(false)
                .withAllowComplexParsing(complex)
                .Statement();
          } catch (Exception ignored) {
            // warm-up only
          }
        }
      }
    }
  }

  Result parse(String text) {
    long deadline = System.nanoTime() + budgetNanos;
    // Simple mode first, as CCJSqlParserUtil does: it is several times faster on plain OLTP
    // statements; complex mode is only needed for nested expressions simple mode rejects.
    Result r = attempt(text, false, deadline);
    if (r instanceof Failed f && !f.timedOut()) {
      r = attempt(text, true, deadline);
    }
    return r;
  }

  private Result attempt(String text, boolean complex, long deadline) {
    if (System.nanoTime() - deadline >= 0) {
      return timeout();
    }
    CCJSqlParser parser =
        new CCJSqlParser(new StringProvider(text))
            .withSquareBracketQuotation(false)
            .withAllowComplexParsing(complex);
    ParseWatchdog.Stoppable stop = () -> parser.interrupted = true;
    ParseWatchdog.get().register(stop, deadline);
    try {
      Statement st = parser.Statement();
      // An interrupted parser may take a different branch and still "succeed": never trust it.
      if (parser.interrupted) {
        return timeout();
      }
      return new Parsed(st);
    } catch (Exception | StackOverflowError e) {
      if (parser.interrupted) {
        return timeout();
      }
      return new Failed(firstLine(e.getMessage()), false);
    } finally {
      ParseWatchdog.get().unregister(stop);
    }
  }

  private Failed timeout() {
    return new Failed(
        TIMEOUT_PREFIX + " of " + Duration.ofNanos(budgetNanos).toMillis() + " ms exceeded", true);
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "JSqlParser rejected the statement";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
