package dev.vetro.api.decisions;

import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Decisions as they reach the read side, for Server-Sent Events. The projection runs on one node of
 * the cluster, viewers may be connected to any: rows go through a cluster {@link Topic} to every
 * node's local hub. Nothing here may slow the projection: the queue drops the oldest rows when the
 * hub lags, and each viewer has its own buffer that drops the oldest rows and counts them.
 */
public final class LiveDecisions {
  private final ActorRef<Topic.Command<DecisionRow>> topic;
  private final Source<DecisionRow, NotUsed> hub;
  private final SourceQueueWithComplete<DecisionRow> queue;

  public LiveDecisions(ActorSystem<?> system) {
    Pair<SourceQueueWithComplete<DecisionRow>, Source<DecisionRow, NotUsed>> mat =
        Source.<DecisionRow>queue(1024, OverflowStrategy.dropHead())
            .toMat(BroadcastHub.of(DecisionRow.class, 256), Keep.both())
            .run(system);
    this.queue = mat.first();
    this.hub = mat.second();
    // keep the hub draining while nobody watches, or the queue would fill and then stall
    hub.runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), system);
    this.topic =
        system.systemActorOf(
            Topic.create(DecisionRow.class, "vetro-live-decisions"),
            "live-decisions-topic",
            org.apache.pekko.actor.typed.Props.empty());
    ActorRef<DecisionRow> local =
        system.systemActorOf(
            forwarder(queue), "live-decisions-local", org.apache.pekko.actor.typed.Props.empty());
    topic.tell(Topic.subscribe(local));
  }

  private static Behavior<DecisionRow> forwarder(SourceQueueWithComplete<DecisionRow> queue) {
    return Behaviors.receiveMessage(
        row -> {
          queue.offer(row);
          return Behaviors.same();
        });
  }

  void publish(DecisionRow row) {
    topic.tell(Topic.publish(row));
  }

  /** What a viewer gets next: the newest rows it could take, and how many older ones it missed. */
  public record Chunk(List<DecisionRow> rows, long dropped) {}

  /**
   * Live rows of one database (the caller has checked the database belongs to the viewer's
   * workspace), for a viewer that may fall behind: while the connection is slower than the
   * decisions, rows gather up to {@link #VIEWER_BUFFER} (newest kept) and the rest are counted, so
   * the page can say how many it never received instead of losing them silently.
   */
  public Source<Chunk, NotUsed> chunksFor(String databaseId) {
    return chunked(hub.filter(r -> r.databaseId().equals(databaseId)));
  }

  static <M> Source<Chunk, M> chunked(Source<DecisionRow, M> rows) {
    return rows.conflateWithSeed(Pending::new, Pending::add).map(Pending::chunk);
  }

  static final int VIEWER_BUFFER = 256;

  /** Mutable while the stream conflates (one stage owns it), then frozen into a Chunk. */
  private static final class Pending {
    private final ArrayDeque<DecisionRow> rows = new ArrayDeque<>();
    private long dropped;

    Pending(DecisionRow first) {
      rows.add(first);
    }

    Pending add(DecisionRow r) {
      rows.add(r);
      if (rows.size() > VIEWER_BUFFER) {
        rows.removeFirst();
        dropped++;
      }
      return this;
    }

    Chunk chunk() {
      return new Chunk(List.copyOf(rows), dropped);
    }
  }
}
