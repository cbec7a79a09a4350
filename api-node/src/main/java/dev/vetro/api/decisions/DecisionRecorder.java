package dev.vetro.api.decisions;

import dev.vetro.api.http.PlainFutures;
import dev.vetro.api.ops.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records evaluation-API decisions in the history without slowing the request, and without losing
 * an answered one to a crash: each decision is appended to the local spool ({@link DecisionSpool})
 * before the request is answered; every 200 ms the spooled segment is journaled (one event per day
 * bucket, batch id derived from the segment, so a replay is a duplicate, not a second count) and
 * deleted. Segments left by a killed node are journaled at the next start.
 *
 * <p>Bounded: at most {@link #SEGMENT_LIMIT} decisions wait in the current segment (more in one 200
 * ms window are refused and counted, {@code
 * vetro_api_decisions_dropped_total{reason="queue_full"}}), at most {@link #IN_FLIGHT} segments are
 * being journaled, and segments waiting behind them are kept on disk only, up to {@link
 * #MAX_BACKLOG} (then the oldest is dropped and counted).
 */
public final class DecisionRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);
  static final int SEGMENT_LIMIT = 20_000;
  static final int IN_FLIGHT = 4;
  static final int MAX_BACKLOG = 3_000; // 10 minutes of 200 ms segments
  static final Duration TICK = Duration.ofMillis(200);

  private final ClusterSharding sharding;
  private final Metrics metrics;
  private final Path root;
  private final DecisionSpool spool;
  private final Deque<DecisionSpool.Segment> backlog = new ConcurrentLinkedDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong pending = new AtomicLong();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vetro-decision-recorder");
            t.setDaemon(true);
            return t;
          });

  /** {@code spoolRoot}: {@code <VETRO_DATA_DIR>/decision-spool}. */
  public DecisionRecorder(ActorSystem<?> system, Metrics metrics, Path spoolRoot) {
    this.sharding = ClusterSharding.get(system);
    this.metrics = metrics;
    this.root = spoolRoot;
    this.spool = new DecisionSpool(spoolRoot);
    List<DecisionSpool.Segment> left = DecisionSpool.leftovers(spoolRoot, spool.dir());
    if (!left.isEmpty()) {
      LOG.info("journaling {} segments of decisions spooled before a crash or stop", left.size());
    }
    backlog.addAll(left);
    ticker.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** On the request's thread, before it is answered: one appended line, no fsync. */
  public void record(String workspaceId, String databaseId, DecisionRecord record) {
    if (spool.currentSize() >= SEGMENT_LIMIT) {
      dropped(1, "queue_full");
      return;
    }
    if (!spool.append(workspaceId, databaseId, record)) {
      dropped(1, "spool");
      return;
    }
    pending.incrementAndGet();
  }

  /** Decisions accepted but not yet journaled (this run's): the journal-lag gauge. */
  public int pending() {
    return (int) Math.min(Integer.MAX_VALUE, pending.get());
  }

  private void tick() {
    try {
      DecisionSpool.Segment s = spool.rotate();
      if (s != null) {
        // only the next few keep their records in memory; the rest wait on disk
        backlog.addLast(backlog.size() < IN_FLIGHT ? s : new DecisionSpool.Segment(s.file(), null));
      }
      while (backlog.size() > MAX_BACKLOG) {
        DecisionSpool.Segment oldest = backlog.pollFirst();
        if (oldest != null) {
          dropped(DecisionSpool.read(oldest).size(), "journal");
          DecisionSpool.delete(oldest);
        }
      }
      DecisionSpool.Segment next;
      while (inFlight.get() < IN_FLIGHT && (next = backlog.pollFirst()) != null) {
        inFlight.incrementAndGet();
        DecisionSpool.Segment seg = next;
        journal(seg)
            .whenComplete(
                (n, err) -> {
                  inFlight.decrementAndGet();
                  if (err == null) {
                    DecisionSpool.delete(seg);
                    pending.addAndGet(-n);
                    metrics.add(
                        "vetro_api_decisions_recorded_total",
                        "Decisions written to the journal",
                        n,
                        "source",
                        "api");
                  } else {
                    LOG.debug("journaling {} failed, retried: {}", seg.file(), err.toString());
                    backlog.addFirst(new DecisionSpool.Segment(seg.file(), null));
                  }
                });
      }
    } catch (RuntimeException e) {
      LOG.warn("decision recorder tick failed: {}", e.toString());
    }
  }

  private record Batch(
      String bucket, String workspaceId, String databaseId, List<DecisionRecord> records) {}

  /** Completes with the number of decisions journaled (duplicates included), or fails. */
  private CompletableFuture<Integer> journal(DecisionSpool.Segment seg) {
    List<DecisionSpool.Spooled> items = DecisionSpool.read(seg);
    Map<String, Batch> byBucket = new LinkedHashMap<>();
    for (DecisionSpool.Spooled p : items) {
      String bucket = DecisionLog.bucketFor(p.databaseId(), p.record().ts());
      byBucket
          .computeIfAbsent(
              bucket, b -> new Batch(b, p.workspaceId(), p.databaseId(), new ArrayList<>()))
          .records()
          .add(p.record());
    }
    List<CompletableFuture<DecisionLog.Reply>> asks = new ArrayList<>();
    for (Batch b : byBucket.values()) {
      String batchId = seg.name() + ":" + b.bucket();
      asks.add(
          PlainFutures.of(
                  sharding
                      .entityRefFor(DecisionLog.ENTITY_KEY, b.bucket())
                      .<DecisionLog.Reply>ask(
                          r ->
                              new DecisionLog.Record(
                                  batchId,
                                  b.workspaceId(),
                                  b.databaseId(),
                                  List.copyOf(b.records()),
                                  r),
                          Duration.ofSeconds(10)))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(v -> items.size());
  }

  private void dropped(int n, String reason) {
    metrics.add(
        "vetro_api_decisions_dropped_total",
        "Decisions not recorded in history",
        n,
        "reason",
        reason);
  }

  /**
   * On a clean stop: journal what is spooled, waiting at most {@code wait}; what is not journaled
   * by then stays in the spool and is journaled at the next start.
   */
  public void close(Duration wait) {
    ticker.shutdown();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    ScheduledExecutorService last = Executors.newSingleThreadScheduledExecutor();
    try {
      do {
        last.submit(this::tick).get();
        if (backlog.isEmpty() && inFlight.get() == 0 && spool.currentSize() == 0) {
          break;
        }
        Thread.sleep(50);
      } while (System.nanoTime() < deadline);
    } catch (Exception e) {
      LOG.warn("flushing decisions at stop: {}", e.toString());
    } finally {
      last.shutdownNow();
    }
    spool.close();
    DecisionSpool.pruneEmpty(root, null);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
