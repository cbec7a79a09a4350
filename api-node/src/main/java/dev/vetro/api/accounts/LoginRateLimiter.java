package dev.vetro.api.accounts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login limits per account and per client address, in fixed windows. Both matter: per
 * account stops guessing one password from many addresses, per address stops one client trying many
 * accounts. Node-local (a cluster of n nodes allows n times the attempts), and bounded: the table
 * is pruned when it grows, so random emails cannot exhaust memory.
 */
public final class LoginRateLimiter {
  static final int MAX_ENTRIES = 100_000;

  private record Window(long start, int failures) {}

  private final int maxPerAccount;
  private final int maxPerAddress;
  private final long windowMillis;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public LoginRateLimiter(int maxPerAccount, int maxPerAddress, Duration window) {
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
    this.windowMillis = window.toMillis();
  }

  public static LoginRateLimiter defaults() {
    return new LoginRateLimiter(5, 20, Duration.ofMinutes(15));
  }

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  public long retryAfterSeconds(String account, String address, long now) {
    long a = wait("u:" + account, maxPerAccount, now);
    long b = wait("a:" + address, maxPerAddress, now);
    return Math.max(a, b);
  }

  public void failed(String account, String address, long now) {
    if (windows.size() > MAX_ENTRIES) {
      windows.entrySet().removeIf(e -> now - e.getValue().start() >= windowMillis);
      if (windows.size() > MAX_ENTRIES) {
        windows.clear(); // under a flood of distinct keys, forgetting beats running out of memory
      }
    }
    bump("u:" + account, now);
    bump("a:" + address, now);
  }

  public void succeeded(String account) {
    windows.remove("u:" + account);
  }

  private void bump(String key, long now) {
    windows.compute(
        key,
        (k, w) ->
            w == null || now - w.start() >= windowMillis
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
  }

  private long wait(String key, int max, long now) {
    Window w = windows.get(key);
    if (w == null || now - w.start() >= windowMillis || w.failures() < max) {
      return 0;
    }
    return Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
  }
}
