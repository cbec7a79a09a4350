package dev.vetro.policy.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that stops JSqlParser runs past their deadline by setting the
 * parser's {@code interrupted} flag (JSqlParser checks it in its expression productions and
 * then fails the parse). The parse itself stays on the caller's thread: no thread hand-off per
 * statement, registration is one map put/remove.
 */
final class ParseWatchdog {

    /** Something the watchdog can stop. */
    interface Stoppable {
        void stop();
    }

    private static final ParseWatchdog INSTANCE = new ParseWatchdog();

    private final Map<Stoppable, Long> deadlines = new ConcurrentHashMap<>();
    private volatile long tickNanos = TimeUnit.MILLISECONDS.toNanos(5);

    private ParseWatchdog() {
        Thread t = new Thread(this::loop, "vetro-parse-watchdog");
        t.setDaemon(true);
        t.start();
    }

    static ParseWatchdog get() {
        return INSTANCE;
    }

    void register(Stoppable s, long deadlineNanos) {
        deadlines.put(s, deadlineNanos);
    }

    void unregister(Stoppable s) {
        deadlines.remove(s);
    }

    private void loop() {
        while (true) {
            LockSupport.parkNanos(tickNanos);
            if (deadlines.isEmpty()) {
                continue;
            }
            long now = System.nanoTime();
            deadlines.forEach((s, deadline) -> {
                if (now - deadline >= 0) {
                    s.stop();
                    deadlines.remove(s);
                }
            });
        }
    }
}
