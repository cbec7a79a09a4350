package dev.vetro.api.decisions;

import dev.vetro.api.http.PlainFutures;
import dev.vetro.api.ops.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Records evaluation-API decisions in the history without slowing the request: a bounded queue,
 * batched per day bucket every 200 ms, one persisted event per batch. When the journal falls
 * behind, new decisions are dropped and counted ({@code vetro_api_decisions_dropped_total}) instead
 * of growing memory or adding latency.
 */
public final class DecisionRecorder {
  static final int QUEUE = 20_000;

  private record Pending(String workspaceId, String databaseId, DecisionRecord record) {}

  private final BoundedSourceQueue<Pending> queue;
  private final Metrics metrics;

  public DecisionRecorder(ActorSystem<?> system, Metrics metrics) {
    this.metrics = metrics;
    ClusterSharding sharding = ClusterSharding.get(system);
    this.queue =
        Source.<Pending>queue(QUEUE)
            .groupedWithin(1000, Duration.ofMillis(200))
            .mapConcat(DecisionRecorder::byBucket)
            .mapAsync(4, batch -> send(sharding, batch))
            .to(Sink.ignore())
            .run(system);
  }

  private record Batch(
      String bucket, String workspaceId, String databaseId, List<DecisionRecord> records) {}

  private static List<Batch> byBucket(List<Pending> items) {
    Map<String, Batch> out = new LinkedHashMap<>();
    for (Pending p : items) {
      String bucket = DecisionLog.bucketFor(p.databaseId(), p.record().ts());
      out.computeIfAbsent(
              bucket, b -> new Batch(b, p.workspaceId(), p.databaseId(), new ArrayList<>()))
          .records()
          .add(p.record());
    }
    return List.copyOf(out.values());
  }

  private CompletionStage<Done> send(ClusterSharding sharding, Batch b) {
    return PlainFutures.of(
            sharding
                .entityRefFor(DecisionLog.ENTITY_KEY, b.bucket())
                .<DecisionLog.Reply>ask(
                    r ->
                        new DecisionLog.Record(
                            UUID.randomUUID().toString(),
                            b.workspaceId(),
                            b.databaseId(),
                            List.copyOf(b.records()),
                            r),
                    Duration.ofSeconds(10)))
        .handle(
            (reply, err) -> {
              if (err != null) {
                metrics.add(
                    "vetro_api_decisions_dropped_total",
                    "Decisions not recorded in history",
                    b.records().size(),
                    "reason",
                    "journal");
              } else {
                metrics.add(
                    "vetro_api_decisions_recorded_total",
                    "Decisions written to the journal",
                    b.records().size(),
                    "source",
                    "api");
              }
              return Done.getInstance();
            });
  }

  public void record(String workspaceId, String databaseId, DecisionRecord record) {
    QueueOfferResult r = queue.offer(new Pending(workspaceId, databaseId, record));
    if (r != QueueOfferResult.enqueued()) {
      metrics.inc(
          "vetro_api_decisions_dropped_total",
          "Decisions not recorded in history",
          "reason",
          "queue_full");
    }
  }

  /** Decisions accepted but not yet handed to the journal: the journal-lag gauge. */
  public int pending() {
    return queue.size();
  }
}
