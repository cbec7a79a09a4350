package dev.vetro.api.decisions;

import dev.vetro.api.CborSerializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The decision history of one database for one UTC day. Bucketing by day is what makes retention a
 * real delete: a whole expired bucket (journal rows, snapshots, view rows) is removed at once, and
 * a bucket that is older than the retention is never written again.
 *
 * <p>Batches are idempotent: a retried batch id (the proxy retries after a timeout) is answered as
 * a duplicate without a second event. A retry lands in the same bucket because the bucket follows
 * from the batch's first decision time, not from the arrival time.
 */
public final class DecisionLog
    extends EventSourcedBehaviorWithEnforcedReplies<
        DecisionLog.Command, DecisionLog.Event, DecisionLog.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "DecisionLog");
  public static final String TAG = "decisions";

  /**
   * Remembered batch ids per bucket; a retry later than this many batches counts twice in the
   * journal only.
   */
  static final int REMEMBERED_BATCHES = 5_000;

  public sealed interface Command extends CborSerializable {}

  public record Record(
      String batchId,
      String workspaceId,
      String databaseId,
      List<DecisionRecord> decisions,
      ActorRef<Reply> replyTo)
      implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Recorded(int accepted, boolean duplicate) implements Reply {}

  public sealed interface Event extends CborSerializable {}

  public record BatchRecorded(
      String batchId,
      String workspaceId,
      String databaseId,
      String bucket,
      List<DecisionRecord> decisions)
      implements Event {}

  public record State(List<String> recentBatches) implements CborSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> new DecisionLog(ctx.getEntityId())));
  }

  /** Entity id for a database's decisions on the UTC day of {@code ts}. */
  public static String bucketFor(String databaseId, long ts) {
    return databaseId + "_" + LocalDate.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
  }

  public static String persistenceIdOf(String bucket) {
    return PersistenceId.of(ENTITY_KEY.name(), bucket).id();
  }

  private final String bucket;

  private DecisionLog(String bucket) {
    super(PersistenceId.of(ENTITY_KEY.name(), bucket));
    this.bucket = bucket;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // recovery reads at most ~200 events; the history itself lives in the view table
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            Record.class,
            (s, c) ->
                s.recentBatches().contains(c.batchId())
                    ? Effect().reply(c.replyTo(), new Recorded(0, true))
                    : Effect()
                        .persist(
                            new BatchRecorded(
                                c.batchId(),
                                c.workspaceId(),
                                c.databaseId(),
                                bucket,
                                c.decisions()))
                        .thenReply(c.replyTo(), st -> new Recorded(c.decisions().size(), false)))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            BatchRecorded.class,
            (s, e) -> {
              List<String> ids = new ArrayList<>(s.recentBatches());
              ids.add(e.batchId());
              if (ids.size() > REMEMBERED_BATCHES) {
                ids = new ArrayList<>(ids.subList(ids.size() - REMEMBERED_BATCHES, ids.size()));
              }
              return new State(ids);
            })
        .build();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }
}
