package dev.vetro.api.workspace;

import dev.vetro.api.CborSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The tenant: its name, decision-history retention, and the ids of its databases and API keys
 * (which listings walk). Everything a caller may touch is checked against the workspace id the
 * database or key itself records, so this registry only serves listings.
 */
public final class Workspace
    extends EventSourcedBehaviorWithEnforcedReplies<
        Workspace.Command, Workspace.Event, Workspace.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Workspace");
  public static final int DEFAULT_RETENTION_DAYS = 30;

  // --- protocol -------------------------------------------------------------------------
  public sealed interface Command extends CborSerializable {}

  public record Create(String name, String ownerEmail, long createdAt, ActorRef<Reply> replyTo)
      implements Command {}

  public record AddDatabase(String databaseId, ActorRef<Reply> replyTo) implements Command {}

  public record RemoveDatabase(String databaseId, ActorRef<Reply> replyTo) implements Command {}

  /**
   * keyHash is the API key entity's id: listings and revocation by key id reach it through this.
   */
  public record AddKey(String keyId, String keyHash, ActorRef<Reply> replyTo) implements Command {}

  public record SetRetention(int days, ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Summary(
      String id,
      String name,
      String ownerEmail,
      long createdAt,
      int retentionDays,
      List<String> databaseIds,
      Map<String, String> keyHashes)
      implements Reply {}

  public record NotFound() implements Reply {}

  public record Rejected(String reason) implements Reply {}

  public sealed interface Event extends CborSerializable {}

  public record Created(String name, String ownerEmail, long createdAt) implements Event {}

  public record DatabaseAdded(String databaseId) implements Event {}

  public record DatabaseRemoved(String databaseId) implements Event {}

  public record KeyAdded(String keyId, String keyHash) implements Event {}

  public record RetentionSet(int days) implements Event {}

  /** Immutable; {@code name == null} until created. Maps keep insertion order for listings. */
  public record State(
      String name,
      String ownerEmail,
      long createdAt,
      int retentionDays,
      List<String> databaseIds,
      Map<String, String> keyHashes)
      implements CborSerializable {

    static State empty() {
      return new State(null, null, 0, DEFAULT_RETENTION_DAYS, List.of(), Map.of());
    }

    boolean exists() {
      return name != null;
    }

    State withDatabases(List<String> ids) {
      return new State(name, ownerEmail, createdAt, retentionDays, List.copyOf(ids), keyHashes);
    }

    State withKeys(Map<String, String> keys) {
      return new State(
          name,
          ownerEmail,
          createdAt,
          retentionDays,
          databaseIds,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys)));
    }
  }

  // --- factory --------------------------------------------------------------------------
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> new Workspace(ctx.getEntityId())));
  }

  private final String id;

  private Workspace(String id) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
    this.id = id;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  // --- behaviour per state --------------------------------------------------------------
  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forState(s -> !s.exists())
        .onCommand(
            Create.class,
            c ->
                Effect()
                    .persist(new Created(c.name(), c.ownerEmail(), c.createdAt()))
                    .thenReply(c.replyTo(), this::summary))
        .onCommand(AddDatabase.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(RemoveDatabase.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(AddKey.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(SetRetention.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), new NotFound()));
    b.forState(State::exists)
        .onCommand(Create.class, c -> Effect().reply(c.replyTo(), new Rejected("workspace exists")))
        .onCommand(
            AddDatabase.class,
            (s, c) ->
                s.databaseIds().contains(c.databaseId())
                    ? Effect().reply(c.replyTo(), summary(s))
                    : Effect()
                        .persist(new DatabaseAdded(c.databaseId()))
                        .thenReply(c.replyTo(), this::summary))
        .onCommand(
            RemoveDatabase.class,
            (s, c) ->
                !s.databaseIds().contains(c.databaseId())
                    ? Effect().reply(c.replyTo(), summary(s))
                    : Effect()
                        .persist(new DatabaseRemoved(c.databaseId()))
                        .thenReply(c.replyTo(), this::summary))
        .onCommand(
            AddKey.class,
            c ->
                Effect()
                    .persist(new KeyAdded(c.keyId(), c.keyHash()))
                    .thenReply(c.replyTo(), this::summary))
        .onCommand(
            SetRetention.class,
            c ->
                c.days() < 1 || c.days() > 3650
                    ? Effect().reply(c.replyTo(), new Rejected("retention_days must be 1..3650"))
                    : Effect()
                        .persist(new RetentionSet(c.days()))
                        .thenReply(c.replyTo(), this::summary))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), summary(s)));
    return b.build();
  }

  private Reply summary(State s) {
    return new Summary(
        id,
        s.name(),
        s.ownerEmail(),
        s.createdAt(),
        s.retentionDays(),
        s.databaseIds(),
        s.keyHashes());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Created.class,
            (s, e) ->
                new State(
                    e.name(),
                    e.ownerEmail(),
                    e.createdAt(),
                    DEFAULT_RETENTION_DAYS,
                    List.of(),
                    Map.of()))
        .onEvent(
            DatabaseAdded.class,
            (s, e) -> {
              java.util.ArrayList<String> ids = new java.util.ArrayList<>(s.databaseIds());
              ids.add(e.databaseId());
              return s.withDatabases(ids);
            })
        .onEvent(
            DatabaseRemoved.class,
            (s, e) ->
                s.withDatabases(
                    s.databaseIds().stream().filter(d -> !d.equals(e.databaseId())).toList()))
        .onEvent(
            KeyAdded.class,
            (s, e) -> {
              Map<String, String> keys = new LinkedHashMap<>(s.keyHashes());
              keys.put(e.keyId(), e.keyHash());
              return s.withKeys(keys);
            })
        .onEvent(
            RetentionSet.class,
            (s, e) ->
                new State(
                    s.name(),
                    s.ownerEmail(),
                    s.createdAt(),
                    e.days(),
                    s.databaseIds(),
                    s.keyHashes()))
        .build();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of();
  }
}
