package dev.vetro.policy;

import java.time.Duration;

/**
 * Per-node engine settings.
 *
 * @param parseBudget time JSqlParser may spend on one statement before it counts as a parse error
 * @param cacheEntries bound on cached statement analyses (two generations of half this size)
 */
public record EngineOptions(Duration parseBudget, int cacheEntries) {

  public EngineOptions {
    if (parseBudget.isNegative() || parseBudget.isZero()) {
      throw new IllegalArgumentException("parseBudget must be positive");
    }
    if (cacheEntries < 0) {
      throw new IllegalArgumentException("cacheEntries must be >= 0");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(Duration.ofMillis(200), 20_000);
  }

  public EngineOptions withParseBudget(Duration d) {
    return new EngineOptions(d, cacheEntries);
  }

  public EngineOptions withCacheEntries(int n) {
    return new EngineOptions(parseBudget, n);
  }
}
