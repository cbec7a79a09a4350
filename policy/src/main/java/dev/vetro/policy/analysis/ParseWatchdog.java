package dev.vetro.policy.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that stops JSqlParser runs past their deadline by setting the parser's
 * {@code interrupted} flag (JSqlParser checks it in its expression productions and then fails the
 * parse). The parse itself stays on the caller's thread: no thread hand-off per statement,
 * registration is one map put/remove.
 */
final class ParseWatchdog {

  /** Something the watchdog can stop. */
  interface Stoppable {
    void stop();
  }

  private static final ParseWatchdog INSTANCE = new ParseWatchdog();

  private final Map<Stoppable, Long> deadlines = new ConcurrentHashMap<>();
  private final long tickNanos = TimeUnit.MILLISECONDS.toNanos(5);
  private final Thread thread;

  /**
   * True while the thread sleeps with nothing to watch. It then parks without a timeout, so that a
   * proxy whose statements all hit the decision cache does not pay a wake-up every 5 ms (on a busy
   * two-core box each one is a context switch taken from the database).
   */
  private volatile boolean idle;

  private ParseWatchdog() {
    thread = new Thread(this::loop, "vetro-parse-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  static ParseWatchdog get() {
    return INSTANCE;
  }

  void register(Stoppable s, long deadlineNanos) {
    deadlines.put(s, deadlineNanos);
    if (idle) {
      idle = false;
      LockSupport.unpark(thread);
    }
  }

  void unregister(Stoppable s) {
    deadlines.remove(s);
  }

  private void loop() {
    while (true) {
      if (deadlines.isEmpty()) {
        idle = true;
        // Re-checked after raising the flag: a register() that ran before it saw idle
        // false and did not unpark, so its parse must not wait for the next one.
        if (deadlines.isEmpty()) {
          LockSupport.park(this);
        }
        idle = false;
        continue;
      }
      LockSupport.parkNanos(tickNanos);
      long now = System.nanoTime();
      deadlines.forEach(
          (s, deadline) -> {
            if (now - deadline >= 0) {
              s.stop();
              deadlines.remove(s);
            }
          });
    }
  }
}
