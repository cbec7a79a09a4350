package dev.vetro.api.keys;

import dev.vetro.api.CborSerializable;
import dev.vetro.api.catalog.CatalogProjection;
import java.util.List;
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
 * An API key, keyed by the SHA-256 of the key itself: a bearer token finds its entity without any
 * index, and the journal holds only the hash. Every authentication asks this one entity, so a
 * revocation is effective on every node at once. "Last used" is persisted at most once a minute (a
 * busy pipeline would otherwise write an event per request); between writes the entity reports the
 * fresher in-memory value. An id nobody created stops its entity after answering, so guessed keys
 * cannot pile up entities in memory.
 */
public final class ApiKey
    extends EventSourcedBehaviorWithEnforcedReplies<ApiKey.Command, ApiKey.Event, ApiKey.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "ApiKey");
  static final long LAST_USED_PERSIST_MILLIS = 60_000;

  public sealed interface Command extends CborSerializable {}

  /** {@code databaseIds} null: every database of the workspace. */
  public record Create(
      String keyId,
      String workspaceId,
      String name,
      List<String> scopes,
      List<String> databaseIds,
      long createdAt,
      ActorRef<Reply> replyTo)
      implements Command {}

  /** Only a caller of the key's own workspace may revoke it. */
  public record Revoke(String workspaceId, long at, ActorRef<Reply> replyTo) implements Command {}

  public record Authenticate(long at, ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  /**
   * {@code scopes}: the effective ones, never null (a key from before scopes has {@link
   * Scope#LEGACY}); {@code databaseIds} null: every database of the workspace.
   */
  public record Info(
      String keyId,
      String workspaceId,
      String name,
      List<String> scopes,
      List<String> databaseIds,
      long createdAt,
      Long lastUsedAt,
      Long revokedAt)
      implements Reply {
    public boolean revoked() {
      return revokedAt != null;
    }

    Info with(Long lastUsed, Long revoked) {
      return new Info(keyId, workspaceId, name, scopes, databaseIds, createdAt, lastUsed, revoked);
    }
  }

  public record Unknown() implements Reply {}

  public record Refused(String reason) implements Reply {}

  public sealed interface Event extends CborSerializable {}

  /**
   * {@code scopes} is null in events journaled before keys had scopes: such a key has {@link
   * Scope#LEGACY} (the migration, see the README).
   */
  public record Created(
      String keyId,
      String workspaceId,
      String name,
      List<String> scopes,
      List<String> databaseIds,
      long createdAt)
      implements Event {}

  public record Used(long at) implements Event {}

  public record Revoked(long at) implements Event {}

  public record State(Info info) implements CborSerializable {
    boolean exists() {
      return info != null;
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> new ApiKey(ctx.getEntityId())));
  }

  private long lastUsedInMemory; // fresher than the persisted value; see class comment

  private ApiKey(String keyHash) {
    super(PersistenceId.of(ENTITY_KEY.name(), keyHash));
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forState(s -> !s.exists())
        .onCommand(
            Create.class,
            c ->
                Effect()
                    .persist(
                        new Created(
                            c.keyId(),
                            c.workspaceId(),
                            c.name(),
                            c.scopes(),
                            c.databaseIds(),
                            c.createdAt()))
                    .thenReply(c.replyTo(), State::info))
        .onCommand(Revoke.class, c -> Effect().reply(c.replyTo(), new Unknown()))
        .onCommand(
            Authenticate.class, c -> Effect().stop().thenReply(c.replyTo(), s -> new Unknown()))
        .onCommand(Get.class, c -> Effect().stop().thenReply(c.replyTo(), s -> new Unknown()));
    b.forState(State::exists)
        .onCommand(Create.class, c -> Effect().reply(c.replyTo(), new Refused("key exists")))
        .onCommand(Revoke.class, this::onRevoke)
        .onCommand(Authenticate.class, this::onAuthenticate)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), withFreshLastUsed(s.info())));
    return b.build();
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<Event, State> onRevoke(
      State s, Revoke c) {
    if (!s.info().workspaceId().equals(c.workspaceId())) {
      return Effect()
          .reply(c.replyTo(), new Unknown()); // another tenant's key does not exist for you
    }
    if (s.info().revoked()) {
      return Effect().reply(c.replyTo(), withFreshLastUsed(s.info()));
    }
    return Effect()
        .persist(new Revoked(c.at()))
        .thenReply(c.replyTo(), st -> withFreshLastUsed(st.info()));
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<Event, State> onAuthenticate(
      State s, Authenticate c) {
    if (s.info().revoked()) {
      return Effect().reply(c.replyTo(), new Refused("revoked"));
    }
    lastUsedInMemory = Math.max(lastUsedInMemory, c.at());
    Long persisted = s.info().lastUsedAt();
    if (persisted == null || c.at() - persisted >= LAST_USED_PERSIST_MILLIS) {
      return Effect()
          .persist(new Used(c.at()))
          .thenReply(c.replyTo(), st -> withFreshLastUsed(st.info()));
    }
    return Effect().reply(c.replyTo(), withFreshLastUsed(s.info()));
  }

  private Info withFreshLastUsed(Info i) {
    long persisted = i.lastUsedAt() == null ? 0 : i.lastUsedAt();
    long fresh = Math.max(persisted, lastUsedInMemory);
    return i.with(fresh == 0 ? null : fresh, i.revokedAt());
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
                        e.keyId(),
                        e.workspaceId(),
                        e.name(),
                        Scope.names(Scope.of(e.scopes())),
                        e.databaseIds(),
                        e.createdAt(),
                        null,
                        null)))
        .onEvent(Used.class, (s, e) -> new State(s.info().with(e.at(), s.info().revokedAt())))
        .onEvent(Revoked.class, (s, e) -> new State(s.info().with(s.info().lastUsedAt(), e.at())))
        .build();
  }

  /** Every event feeds the catalog listings ({@link CatalogProjection}). */
  @Override
  public Set<String> tagsFor(Event event) {
    return TAGS;
  }

  private static final Set<String> TAGS = Set.of(CatalogProjection.TAG);
}
