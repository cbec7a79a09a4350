package dev.vetro.policy.cache;

import dev.vetro.policy.analysis.StatementAnalysis;
import dev.vetro.policy.lexer.Dialect;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Statement analyses by fingerprint. The key is the fingerprint's normalized text (not only its
 * hash, so a hash collision cannot hand one statement another's verdict) plus what changes how the
 * text lexes: dialect and backslash handling. Policy, role and transaction state are NOT in the key
 * on purpose: the cached value is the policy-free analysis, and applying a policy to it is a few
 * map lookups, so one entry serves every database and role.
 *
 * <p>Bounded by two generations: entries go into {@code young}; when it fills, it becomes {@code
 * old} and the previous old generation is dropped; a hit in {@code old} is promoted. That
 * approximates LRU with lock-free reads; the only synchronisation is the rare rotation. Callers
 * must not put analyses whose outcome depends on literal values.
 */
public final class AnalysisCache {

  /**
   * Cache key; {@code backslashEscapes} is the lexing mode (standard_conforming_strings off,
   * MySQL).
   */
  public record Key(String normalized, Dialect dialect, boolean backslashEscapes) {}

  /** Normalized texts longer than this are not cached: they are rare and would dominate memory. */
  public static final int MAX_KEY_CHARS = 8_192;

  private final int generationSize;
  private volatile Map<Key, StatementAnalysis> young = new ConcurrentHashMap<>();
  private volatile Map<Key, StatementAnalysis> old = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public AnalysisCache(int maxEntries) {
    this.generationSize = Math.max(0, maxEntries / 2);
  }

  public StatementAnalysis get(Key key) {
    if (generationSize == 0) {
      return null;
    }
    StatementAnalysis a = young.get(key);
    if (a == null) {
      a = old.get(key);
      if (a != null) {
        put(key, a);
      }
    }
    (a == null ? misses : hits).increment();
    return a;
  }

  public void put(Key key, StatementAnalysis analysis) {
    if (generationSize == 0 || key.normalized().length() > MAX_KEY_CHARS) {
      return;
    }
    Map<Key, StatementAnalysis> y = young;
    y.put(key, analysis);
    if (y.size() >= generationSize) {
      rotate(y);
    }
  }

  private synchronized void rotate(Map<Key, StatementAnalysis> full) {
    if (young == full) {
      old = full;
      young = new ConcurrentHashMap<>();
    }
  }

  /** Upper bound on entries held. */
  public int size() {
    return young.size() + old.size();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
