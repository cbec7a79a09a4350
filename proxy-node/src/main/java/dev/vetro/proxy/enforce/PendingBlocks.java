package dev.vetro.proxy.enforce;

import dev.vetro.protocol.backend.ErrorResponse;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Sentinels sent upstream whose errors have not come back yet, oldest first, each with the error
 * the client gets instead. Written by the frontend stage, read by the backend stage, hence the
 * lock; both only take it when a block is outstanding, and the empty check is a volatile read.
 *
 * <p>A sentinel after an earlier error of the same pipeline is never executed (the backend skips to
 * Sync), so its error never comes. Each entry therefore remembers the ReadyForQuery that ends its
 * pipeline, and is dropped when that arrives: memory stays bounded by what is in flight.
 */
final class PendingBlocks {
  private record Pending(String sentinel, long readyIndex, ErrorResponse error) {}

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private volatile int size;

  /**
   * @param readyIndex the number of the ReadyForQuery that ends the sentinel's pipeline
   */
  synchronized void add(String sentinel, long readyIndex, ErrorResponse error) {
    queue.addLast(new Pending(sentinel, readyIndex, error));
    size = queue.size();
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * The client's error for a sentinel's failure, removing it and any older entries (those were
   * skipped by the backend); null when no pending sentinel matches.
   */
  synchronized ErrorResponse take(ServerError sentinelFailure) {
    Iterator<Pending> it = queue.iterator();
    int skipped = 0;
    while (it.hasNext()) {
      Pending p = it.next();
      if (Sentinels.failureOf(sentinelFailure, p.sentinel())) {
        for (int i = 0; i <= skipped; i++) {
          queue.removeFirst();
        }
        size = queue.size();
        return p.error();
      }
      skipped++;
    }
    return null;
  }

  /** The {@code readyIndex}-th ReadyForQuery arrived: entries of pipelines up to it are over. */
  synchronized void readyForQuery(long readyIndex) {
    while (!queue.isEmpty() && queue.peekFirst().readyIndex() <= readyIndex) {
      queue.removeFirst();
    }
    size = queue.size();
  }

  int size() {
    return size;
  }
}
