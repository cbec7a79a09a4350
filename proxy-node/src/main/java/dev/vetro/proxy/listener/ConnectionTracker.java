package dev.vetro.proxy.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open client connections so that shutdown can wait for them to end. */
final class ConnectionTracker {
  private final AtomicInteger open = new AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder total =
      new java.util.concurrent.atomic.LongAdder();
  private final Object lock = new Object();

  void opened() {
    total.increment();
    open.incrementAndGet();
  }

  void closed() {
    if (open.decrementAndGet() == 0) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  long total() {
    return total.sum();
  }

  int open() {
    return open.get();
  }

  /** True when no connection is open any more within {@code timeout}. */
  boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (open.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
    return true;
  }

  /** Waits on a thread of its own: the common pool may be busy or tiny (1 thread on 2 cores). */
  CompletableFuture<Boolean> awaitNoneAsync(Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return awaitNone(timeout);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        task -> {
          Thread waiter = new Thread(task, "vetro-drain");
          waiter.setDaemon(true);
          waiter.start();
        });
  }
}
