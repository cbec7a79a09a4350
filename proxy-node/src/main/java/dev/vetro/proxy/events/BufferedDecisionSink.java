package dev.vetro.proxy.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path's side is {@link #offer}: a non-blocking {@code offer} into a bounded queue, and a
 * counter when it is full. One daemon thread drains the queue in batches into a {@link
 * BatchTransport}, retrying a batch with capped exponential backoff; while it waits, new events
 * pile up in the queue and past its capacity are dropped, never the query.
 */
public final class BufferedDecisionSink implements DecisionSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BufferedDecisionSink.class);

  /**
   * Longest statement text kept per event. The buffer is bounded in events; this bounds it in bytes
   * too (a 1 MiB statement times 10,000 buffered events would be 10 GiB), and keeps a batch of 1000
   * well under the control plane's 8 MiB request limit.
   */
  public static final int MAX_STATEMENT_CHARS = 2048;

  /** Timing knobs; tests shorten them, production takes {@link #defaults()}. */
  public record Timing(
      Duration linger, Duration firstRetry, Duration maxRetry, Duration closeDeadline) {
    public static Timing defaults() {
      return new Timing(
          Duration.ofSeconds(1),
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5));
    }
  }

  private final ArrayBlockingQueue<DecisionEvent> queue;
  private final int batchSize;
  private final BatchTransport transport;
  private final Timing timing;
  private final Thread sender;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private volatile int inFlight;
  private volatile boolean closing;
  private volatile long closeBy;

  public BufferedDecisionSink(
      int capacity, int batchSize, BatchTransport transport, Timing timing) {
    if (capacity < 1 || batchSize < 1) {
      throw new IllegalArgumentException("capacity and batch size must be at least 1");
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.transport = transport;
    this.timing = timing;
    this.sender = new Thread(this::run, "vetro-decision-sender");
    this.sender.setDaemon(true); // never the reason a JVM does not exit
    this.sender.start();
  }

  @Override
  public void offer(DecisionEvent event) {
    try {
      if (event != null
          && event.redactedSql() != null
          && event.redactedSql().length() > MAX_STATEMENT_CHARS) {
        event =
            event.withRedactedSql(
                event.redactedSql().substring(0, MAX_STATEMENT_CHARS)
                    + "…[truncated "
                    + (event.redactedSql().length() - MAX_STATEMENT_CHARS)
                    + " chars]");
      }
      if (closing || event == null || !queue.offer(event)) {
        dropped.incrementAndGet();
      }
    } catch (RuntimeException e) {
      dropped.incrementAndGet(); // the contract: never throws into the hot path
    }
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  /** Events handed over to the transport. */
  public long delivered() {
    return delivered.get();
  }

  /** Events waiting in the queue (not counting the batch being sent). */
  public int pending() {
    return queue.size();
  }

  /** Events of the batch the sender is working on (0 when idle). */
  public int inFlight() {
    return inFlight;
  }

  public String describe() {
    return transport.describe();
  }

  private void run() {
    List<DecisionEvent> events = new ArrayList<>(batchSize);
    while (!(closing && (queue.isEmpty() || System.nanoTime() > closeBy))) {
      try {
        DecisionEvent first = queue.poll(timing.linger().toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        events.clear();
        events.add(first);
        queue.drainTo(events, batchSize - 1);
        inFlight = events.size();
        send(EventBatch.of(events));
      } catch (InterruptedException e) {
        return; // only close() interrupts, after its deadline; it counts what is left
      } catch (RuntimeException e) {
        // a bug in one batch must not end reporting for the life of the node
        dropped.addAndGet(inFlight);
        log.error("decision events: batch of {} lost: {}", inFlight, e.toString(), e);
      } finally {
        inFlight = 0;
      }
    }
  }

  private void send(EventBatch batch) throws InterruptedException {
    Duration backoff = timing.firstRetry();
    String lastReason = null;
    while (true) {
      Delivery d = transport.deliver(batch);
      if (d instanceof Delivery.Delivered) {
        delivered.addAndGet(batch.size());
        if (lastReason != null) {
          log.info("decision events: {} accepts again", transport.describe());
        }
        return;
      }
      if (d instanceof Delivery.Rejected r) {
        dropped.addAndGet(batch.size());
        log.error(
            "decision events: batch {} of {} refused, dropped: {}",
            batch.batchId(),
            batch.size(),
            r.reason());
        return;
      }
      String reason = ((Delivery.Retry) d).reason();
      if (closing && System.nanoTime() > closeBy) {
        dropped.addAndGet(batch.size());
        log.warn(
            "decision events: shutting down, batch of {} not delivered: {}", batch.size(), reason);
        return;
      }
      if (!reason.equals(lastReason)) {
        log.warn(
            "decision events: {}; retrying the same batch (dropped so far: {})",
            reason,
            dropped.get());
        lastReason = reason;
      }
      Thread.sleep(backoff.toMillis());
      backoff =
          backoff.multipliedBy(2).compareTo(timing.maxRetry()) > 0
              ? timing.maxRetry()
              : backoff.multipliedBy(2);
    }
  }

  /**
   * Stops accepting, sends what is queued for up to the close deadline, then counts the rest
   * dropped.
   */
  @Override
  public void close() {
    closeBy = System.nanoTime() + timing.closeDeadline().toNanos();
    closing = true;
    try {
      sender.join(Math.max(1, timing.closeDeadline().toMillis()));
      if (sender.isAlive()) {
        sender.interrupt();
        sender.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size() + inFlight;
    if (left > 0) {
      dropped.addAndGet(left);
      queue.clear();
    }
    transport.close();
  }
}
