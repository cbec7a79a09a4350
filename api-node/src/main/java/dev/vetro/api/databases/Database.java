package dev.vetro.api.databases;

import dev.vetro.api.CborSerializable;
import dev.vetro.api.catalog.CatalogProjection;
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
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A protected database: name, dialect, mode and its versioned policy. The entity owns the tenancy
 * check: every change names the caller's workspace and a mismatch is refused here, so no route can
 * forget it. The policy version grows with every change that alters decisions (policy or mode);
 * proxies compare it (the ETag) to know when to refetch.
 */
public final class Database
    extends EventSourcedBehaviorWithEnforcedReplies<
        Database.Command, Database.Event, Database.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Database");

  public sealed interface Command extends CborSerializable {}

  public record Create(
      String workspaceId,
      String name,
      String dialect,
      String mode,
      String policyJson,
      long createdAt,
      String by,
      ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * Null fields stay as they are. {@code by} is who asks ({@code user:<email>} or {@code
   * key:<id>}), recorded in the events for the database's history.
   */
  public record Update(
      String workspaceId,
      String name,
      String dialect,
      String mode,
      String by,
      ActorRef<Reply> replyTo)
      implements Command {}

  public record SetPolicy(String workspaceId, String policyJson, String by, ActorRef<Reply> replyTo)
      implements Command {}

  public record Delete(String workspaceId, String by, ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Info(
      String id,
      String workspaceId,
      String name,
      String dialect,
      String mode,
      String policyJson,
      long policyVersion,
      long createdAt)
      implements Reply {}

  public record NotFound() implements Reply {}

  public record WrongWorkspace() implements Reply {}

  public record Rejected(String reason) implements Reply {}

  public sealed interface Event extends CborSerializable {}

  public record Created(
      String workspaceId,
      String name,
      String dialect,
      String mode,
      String policyJson,
      long createdAt,
      String by)
      implements Event {}

  // `by` and `at` are null / 0 in events journaled before changes recorded who made them.

  public record Renamed(String name, String by, long at) implements Event {}

  public record DialectChanged(String dialect, String by, long at) implements Event {}

  public record ModeChanged(String mode, String by, long at) implements Event {}

  public record PolicyChanged(String policyJson, String by, long at) implements Event {}

  public record Deleted(String by, long at) implements Event {}

  public record State(Info info, boolean deleted) implements CborSerializable {
    boolean live() {
      return info != null && !deleted;
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> new Database(ctx.getEntityId())));
  }

  private final String id;

  private Database(String id) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
    this.id = id;
  }

  @Override
  public State emptyState() {
    return new State(null, false);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forState(s -> s.info() == null)
        .onCommand(
            Create.class,
            c ->
                Effect()
                    .persist(
                        new Created(
                            c.workspaceId(),
                            c.name(),
                            c.dialect(),
                            c.mode(),
                            c.policyJson(),
                            c.createdAt(),
                            c.by()))
                    .thenReply(c.replyTo(), State::info))
        .onCommand(Update.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(SetPolicy.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(Delete.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(Get.class, c -> Effect().stop().thenReply(c.replyTo(), s -> new NotFound()));
    b.forState(State::live)
        .onCommand(Create.class, c -> Effect().reply(c.replyTo(), new Rejected("database exists")))
        .onCommand(Update.class, this::onUpdate)
        .onCommand(
            SetPolicy.class,
            (s, c) ->
                !owns(s, c.workspaceId())
                    ? Effect().reply(c.replyTo(), new WrongWorkspace())
                    : Effect()
                        .persist(
                            new PolicyChanged(c.policyJson(), c.by(), System.currentTimeMillis()))
                        .thenReply(c.replyTo(), State::info))
        .onCommand(
            Delete.class,
            (s, c) ->
                !owns(s, c.workspaceId())
                    ? Effect().reply(c.replyTo(), new WrongWorkspace())
                    : Effect()
                        .persist(new Deleted(c.by(), System.currentTimeMillis()))
                        .thenReply(c.replyTo(), st -> st.info()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.info()));
    // a deleted database is gone for good; its id is never reused
    b.forState(State::deleted)
        .onCommand(
            Create.class, c -> Effect().reply(c.replyTo(), new Rejected("database id was used")))
        .onCommand(Update.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(SetPolicy.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(Delete.class, c -> Effect().reply(c.replyTo(), new NotFound()))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), new NotFound()));
    return b.build();
  }

  private ReplyEffect<Event, State> onUpdate(State s, Update c) {
    if (!owns(s, c.workspaceId())) {
      return Effect().reply(c.replyTo(), new WrongWorkspace());
    }
    java.util.List<Event> events = new java.util.ArrayList<>();
    long at = System.currentTimeMillis();
    if (c.name() != null && !c.name().equals(s.info().name())) {
      events.add(new Renamed(c.name(), c.by(), at));
    }
    if (c.dialect() != null && !c.dialect().equals(s.info().dialect())) {
      events.add(new DialectChanged(c.dialect(), c.by(), at));
    }
    if (c.mode() != null && !c.mode().equals(s.info().mode())) {
      events.add(new ModeChanged(c.mode(), c.by(), at));
    }
    if (events.isEmpty()) {
      return Effect().reply(c.replyTo(), s.info());
    }
    return Effect().persist(events).thenReply(c.replyTo(), State::info);
  }

  private static boolean owns(State s, String workspaceId) {
    return s.info().workspaceId().equals(workspaceId);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Created.class,
            (s, e) ->
                new State(
                    new Info(
                        id,
                        e.workspaceId(),
                        e.name(),
                        e.dialect(),
                        e.mode(),
                        e.policyJson(),
                        1,
                        e.createdAt()),
                    false))
        .onEvent(
            Renamed.class,
            (s, e) ->
                with(
                    s,
                    e.name(),
                    s.info().dialect(),
                    s.info().mode(),
                    s.info().policyJson(),
                    s.info().policyVersion()))
        .onEvent(
            DialectChanged.class,
            (s, e) ->
                with(
                    s,
                    s.info().name(),
                    e.dialect(),
                    s.info().mode(),
                    s.info().policyJson(),
                    s.info().policyVersion() + 1))
        .onEvent(
            ModeChanged.class,
            (s, e) ->
                with(
                    s,
                    s.info().name(),
                    s.info().dialect(),
                    e.mode(),
                    s.info().policyJson(),
                    s.info().policyVersion() + 1))
        .onEvent(
            PolicyChanged.class,
            (s, e) ->
                with(
                    s,
                    s.info().name(),
                    s.info().dialect(),
                    s.info().mode(),
                    e.policyJson(),
                    s.info().policyVersion() + 1))
        .onEvent(Deleted.class, (s, e) -> new State(s.info(), true))
        .build();
  }

  private static State with(
      State s, String name, String dialect, String mode, String policyJson, long version) {
    Info i = s.info();
    return new State(
        new Info(i.id(), i.workspaceId(), name, dialect, mode, policyJson, version, i.createdAt()),
        false);
  }

  /** Every event feeds the catalog listings ({@link CatalogProjection}). */
  @Override
  public Set<String> tagsFor(Event event) {
    return TAGS;
  }

  private static final Set<String> TAGS = Set.of(CatalogProjection.TAG);
}
