package dev.vetro.api.accounts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Failed-login throttling that slows guessing without locking the owner out.
 *
 * <ul>
 *   <li>Per address: after {@code freePerAddress} failures, each further attempt from the address
 *       waits 1, 2, 4 … s (at most {@code addressCap}) after its last failure. This count is shared
 *       by every API node ({@link SharedLoginFailures}), so N nodes do not allow N times the
 *       attempts.
 *   <li>Per account: after {@code freePerAccount} failures, the same backoff (at most {@code
 *       accountCap}), but only for addresses that have themselves failed within the window. An
 *       address with no recent failure is never refused because of the account, so whoever hammers
 *       an email from one place cannot keep its owner out from another; and a guess from a fresh
 *       address marks that address failing, so a botnet gets one untimed guess per address.
 * </ul>
 *
 * A failure is forgotten {@code window} after the last one. Refused attempts (429) do not count: no
 * password was checked. Bounded: the tables are pruned when they grow, so random emails cannot
 * exhaust memory.
 */
public final class LoginRateLimiter {
  static final int MAX_ENTRIES = 100_000;

  /** Failures of one account or address: how many, and when the last one was. */
  public record Failures(int count, long last) {
    static final Failures NONE = new Failures(0, 0);
  }

  private final int freePerAccount;
  private final int freePerAddress;
  private final long accountCapMillis;
  private final long addressCapMillis;
  private final long windowMillis;
  private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
  private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
  private volatile Map<String, Failures> shared = Map.of();
  private volatile BiConsumer<String, Long> publish = (address, at) -> {};

  public LoginRateLimiter(
      int freePerAccount,
      int freePerAddress,
      Duration accountCap,
      Duration addressCap,
      Duration window) {
    this.freePerAccount = freePerAccount;
    this.freePerAddress = freePerAddress;
    this.accountCapMillis = accountCap.toMillis();
    this.addressCapMillis = addressCap.toMillis();
    this.windowMillis = window.toMillis();
  }

  /** 5 free per account (then up to 30 s apart), 10 per address (then up to 60 s), 15 min. */
  public static LoginRateLimiter defaults() {
    return new LoginRateLimiter(
        5, 10, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(15));
  }

  /** Wires the cluster-wide address counts: {@code publish} is told of every local failure. */
  public void share(BiConsumer<String, Long> publish) {
    this.publish = publish;
  }

  /** The cluster's view of failures per address (replaces the previous one). */
  public void sharedFailures(Map<String, Failures> byAddress) {
    this.shared = Map.copyOf(byAddress);
  }

  public long windowMillis() {
    return windowMillis;
  }

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  public long retryAfterSeconds(String account, String address, long now) {
    Failures addr = address(address, now);
    if (addr.count() == 0) {
      return 0; // an address that has not been failing is never refused
    }
    long waitAddress = wait(addr, freePerAddress, addressCapMillis, now);
    long waitAccount =
        wait(live(accounts.get(account), now), freePerAccount, accountCapMillis, now);
    long millis = Math.max(waitAddress, waitAccount);
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  /** A wrong password (or an unknown email: the same answer, the same count). */
  public void failed(String account, String address, long now) {
    prune(now);
    bump(accounts, account, now);
    bump(addresses, address, now);
    publish.accept(address, now);
  }

  /** The owner got in: the account's failures are forgiven (the address's are not). */
  public void succeeded(String account) {
    accounts.remove(account);
  }

  /** Local and cluster-wide counts of an address, whichever knows more. */
  public Failures address(String address, long now) {
    Failures local = live(addresses.get(address), now);
    Failures cluster = live(shared.get(address), now);
    return local.count() >= cluster.count()
        ? new Failures(local.count(), Math.max(local.last(), cluster.last()))
        : new Failures(cluster.count(), Math.max(local.last(), cluster.last()));
  }

  private Failures live(Failures f, long now) {
    return f == null || now - f.last() >= windowMillis ? Failures.NONE : f;
  }

  private void bump(Map<String, Failures> table, String key, long now) {
    table.compute(
        key,
        (k, f) ->
            f == null || now - f.last() >= windowMillis
                ? new Failures(1, now)
                : new Failures(f.count() + 1, Math.max(now, f.last())));
  }

  /**
   * Once the free failures are used up, the next attempt waits 1 s after the last failure, then 2,
   * 4 … s, up to the cap.
   */
  static long wait(Failures f, int free, long capMillis, long now) {
    int over = f.count() - free + 1;
    if (over <= 0 || f.count() == 0) {
      return 0;
    }
    long backoff = over >= 20 ? capMillis : Math.min(capMillis, 1000L << (over - 1));
    return f.last() + backoff - now;
  }

  private void prune(long now) {
    for (Map<String, Failures> table : java.util.List.of(accounts, addresses)) {
      if (table.size() > MAX_ENTRIES) {
        table.entrySet().removeIf(e -> now - e.getValue().last() >= windowMillis);
        if (table.size() > MAX_ENTRIES) {
          table.clear(); // under a flood of distinct keys, forgetting beats running out of memory
        }
      }
    }
  }
}
