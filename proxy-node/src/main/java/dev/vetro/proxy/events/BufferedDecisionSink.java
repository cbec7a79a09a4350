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
  private final java.util.Optional<EventSpool> spool;
  private final AtomicLong spooled = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean fullLogged =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile int inFlight;
  private volatile EventBatch current;
  private volatile boolean closing;
  private volatile long closeBy;

  public BufferedDecisionSink(
      int capacity, int batchSize, BatchTransport transport, Timing timing) {
    this(capacity, batchSize, transport, timing, java.util.Optional.empty());
  }

  /**
   * With a spool: what cannot be delivered before {@link #close} returns is written there instead
   * of being dropped, and spooled batches of an earlier run are sent first.
   */
  public BufferedDecisionSink(
      int capacity,
      int batchSize,
      BatchTransport transport,
      Timing timing,
      java.util.Optional<EventSpool> spool) {
    this.spool = spool;
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
        if (!closing && fullLogged.compareAndSet(false, true)) {
          // once: the count is on /metrics and in the shutdown line, not one line per event
          log.warn(
              "decision events: buffer full, dropping events (counted in"
                  + " vetro_proxy_decision_events_dropped_total; logged once)");
        }
      }
    } catch (RuntimeException e) {
      dropped.incrementAndGet(); // the contract: never throws into the hot path
    }
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  /** Events written to the spool at shutdown (sent after the next start). */
  public long spooled() {
    return spooled.get();
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
    try {
      replaySpool();
    } catch (InterruptedException e) {
      return;
    }
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
        current = EventBatch.of(events);
        send(current);
      } catch (InterruptedException e) {
        // close() interrupts only after its deadline: keep the batch it interrupted
        EventBatch interrupted = current;
        if (interrupted != null) {
          spoolOrDrop(List.of(interrupted));
        }
        return;
      } catch (RuntimeException e) {
        // a bug in one batch must not end reporting for the life of the node
        dropped.addAndGet(inFlight);
        log.error("decision events: batch of {} lost: {}", inFlight, e.toString(), e);
      } finally {
        current = null;
        inFlight = 0;
      }
    }
  }

  /** Sends the batches an earlier run spooled; a file goes once all of its batches went. */
  private void replaySpool() throws InterruptedException {
    if (spool.isEmpty()) {
      return;
    }
    try {
      for (java.nio.file.Path file : spool.get().files()) {
        List<EventBatch> batches = EventSpool.read(file);
        for (EventBatch b : batches) {
          if (!sendOrKeep(b)) {
            return; // shutting down: the file stays for the next start
          }
        }
        java.nio.file.Files.deleteIfExists(file);
        log.info("decision events: sent {} spooled batch(es) from {}", batches.size(), file);
      }
    } catch (java.io.IOException e) {
      log.warn("decision events: cannot read the spool {}: {}", spool.get().dir(), e.toString());
    }
  }

  private void send(EventBatch batch) throws InterruptedException {
    if (!sendOrKeep(batch)) {
      spoolOrDrop(List.of(batch));
    }
  }

  /**
   * Delivers with retries; false when shutting down past the deadline with the batch undelivered
   * (the caller keeps it: spool or drop).
   */
  private boolean sendOrKeep(EventBatch batch) throws InterruptedException {
    Duration backoff = timing.firstRetry();
    String lastReason = null;
    while (true) {
      Delivery d = transport.deliver(batch);
      if (Thread.interrupted()) {
        // a transport that swallowed close()'s interrupt (HttpClient.send re-sets the flag and
        // answers Retry): surface it, so the batch is spooled by run() with the flag cleared
        throw new InterruptedException();
      }
      if (d instanceof Delivery.Delivered) {
        delivered.addAndGet(batch.size());
        if (lastReason != null) {
          log.info("decision events: {} accepts again", transport.describe());
        }
        return true;
      }
      if (d instanceof Delivery.Rejected r) {
        dropped.addAndGet(batch.size());
        log.error(
            "decision events: batch {} of {} refused, dropped: {}",
            batch.batchId(),
            batch.size(),
            r.reason());
        return true;
      }
      String reason = ((Delivery.Retry) d).reason();
      if (closing && System.nanoTime() > closeBy) {
        log.warn(
            "decision events: shutting down, batch of {} not delivered: {}", batch.size(), reason);
        return false;
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

  private void spoolOrDrop(List<EventBatch> batches) {
    int n = batches.stream().mapToInt(EventBatch::size).sum();
    if (n == 0) {
      return;
    }
    if (spool.isPresent()) {
      // The spool writes through a FileChannel, which an interrupt closes mid-write
      // (ClosedByInterruptException): close() interrupts the sender, so write with the flag clear.
      boolean interrupted = Thread.interrupted();
      try {
        spool.get().write(batches);
        spooled.addAndGet(n);
        return;
      } catch (java.io.IOException | RuntimeException e) {
        log.error("decision events: cannot spool {} event(s): {}", n, e.toString());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    dropped.addAndGet(n);
  }

  /**
   * Stops accepting, sends what is queued for up to the close deadline, then spools the rest (or,
   * without a spool, counts it dropped).
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
    List<DecisionEvent> rest = new ArrayList<>();
    queue.drainTo(rest);
    List<EventBatch> batches = new ArrayList<>();
    for (int i = 0; i < rest.size(); i += batchSize) {
      batches.add(EventBatch.of(rest.subList(i, Math.min(rest.size(), i + batchSize))));
    }
    spoolOrDrop(batches);
    if (dropped.get() > 0 || spooled.get() > 0) {
      log.warn(
          "decision events: {} dropped since start, {} spooled to {} for the next start",
          dropped.get(),
          spooled.get(),
          spool.map(s -> s.dir().toString()).orElse("(no spool)"));
    }
    transport.close();
  }
}
