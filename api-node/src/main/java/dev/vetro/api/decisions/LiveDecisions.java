package dev.vetro.api.decisions;

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
 * node's local hub. Nothing here may slow the projection: the queue drops the oldest rows when
 * viewers lag, and each viewer has its own dropping buffer.
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

  /**
   * Live rows of one database; the caller has checked the database belongs to the viewer's
   * workspace.
   */
  public Source<DecisionRow, NotUsed> forDatabase(String databaseId) {
    return hub.filter(r -> r.databaseId().equals(databaseId))
        .buffer(256, OverflowStrategy.dropHead());
  }
}
