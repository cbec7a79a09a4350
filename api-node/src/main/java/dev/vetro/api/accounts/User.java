package dev.vetro.api.accounts;

import dev.vetro.api.CborSerializable;
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

/**
 * A user account, keyed by the lower-cased email so registration is unique without a lookup table:
 * two concurrent registrations of one email meet in the same entity.
 */
public final class User
    extends EventSourcedBehaviorWithEnforcedReplies<User.Command, User.Event, User.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "User");

  public sealed interface Command extends CborSerializable {}

  public record Register(
      String email,
      String passwordHash,
      String workspaceId,
      long createdAt,
      ActorRef<Reply> replyTo)
      implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Account(String email, String passwordHash, String workspaceId, long createdAt)
      implements Reply {}

  public record NotFound() implements Reply {}

  public record AlreadyRegistered() implements Reply {}

  public sealed interface Event extends CborSerializable {}

  public record Registered(String email, String passwordHash, String workspaceId, long createdAt)
      implements Event {}

  public record State(Account account) implements CborSerializable {
    boolean exists() {
      return account != null;
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> new User(ctx.getEntityId())));
  }

  /**
   * The entity id for an email: trimmed and lower-cased, so Alice@X and alice@x are one account.
   */
  public static String idFor(String email) {
    return email.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private User(String id) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forState(s -> !s.exists())
        .onCommand(
            Register.class,
            c ->
                Effect()
                    .persist(
                        new Registered(c.email(), c.passwordHash(), c.workspaceId(), c.createdAt()))
                    .thenReply(c.replyTo(), State::account))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), new NotFound()));
    b.forState(State::exists)
        .onCommand(Register.class, c -> Effect().reply(c.replyTo(), new AlreadyRegistered()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.account()));
    return b.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Registered.class,
            (s, e) ->
                new State(new Account(e.email(), e.passwordHash(), e.workspaceId(), e.createdAt())))
        .build();
  }
}
