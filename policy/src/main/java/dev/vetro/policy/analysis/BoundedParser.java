package dev.vetro.policy.analysis;

import java.time.Duration;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser with a time budget. Uses {@code new CCJSqlParser(...)} directly because
 * {@code CCJSqlParserUtil.parse} starts a thread per call. The input is the canonical text from
 * {@link CanonicalSql}, so no dialect-specific lexing options are needed here.
 */
final class BoundedParser {

    /** The outcome of one parse. */
    sealed interface Result permits Parsed, Failed {}

    record Parsed(Statement statement) implements Result {}

    /** @param timedOut true when the budget ran out (the parser was stopped) */
    record Failed(String reason, boolean timedOut) implements Result {}

    static final String TIMEOUT_PREFIX = "analysis time budget";

    private final long budgetNanos;

    BoundedParser(Duration budget) {
        this.budgetNanos = budget.toNanos();
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
        CCJSqlParser parser = new CCJSqlParser(new StringProvider(text))
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
        return new Failed(TIMEOUT_PREFIX + " of " + Duration.ofNanos(budgetNanos).toMillis() + " ms exceeded", true);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "JSqlParser rejected the statement";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
