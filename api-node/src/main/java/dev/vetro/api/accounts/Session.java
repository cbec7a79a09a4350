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
 * A login session, keyed by the SHA-256 of the cookie's token: the journal never holds a token that
 * would log someone in. Persisted so sessions survive a restart and logout holds on every node.
 */
public final class Session
    extends EventSourcedBehaviorWithEnforcedReplies<Session.Command, Session.Event, Session.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Session");

  public sealed interface Command extends CborSerializable {}

  public record Start(String email, String workspaceId, long expiresAt, ActorRef<Reply> replyTo)
      implements Command {}

  public record End(ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Active(String email, String workspaceId, long expiresAt) implements Reply {}

  public record Invalid() implements Reply {}

  public sealed interface Event extends CborSerializable {}

  public record Started(String email, String workspaceId, long expiresAt) implements Event {}

  public record Ended() implements Event {}

  public record State(Active session, boolean ended) implements CborSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> new Session(ctx.getEntityId())));
  }

  private Session(String tokenHash) {
    super(PersistenceId.of(ENTITY_KEY.name(), tokenHash));
  }

  @Override
  public State emptyState() {
    return new State(null, false);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forState(s -> s.session() == null && !s.ended())
        .onCommand(
            Start.class,
            c ->
                Effect()
                    .persist(new Started(c.email(), c.workspaceId(), c.expiresAt()))
                    .thenReply(c.replyTo(), State::session))
        .onCommand(End.class, c -> Effect().reply(c.replyTo(), new Invalid()))
        .onCommand(Get.class, c -> Effect().stop().thenReply(c.replyTo(), s -> new Invalid()));
    b.forState(s -> s.session() != null && !s.ended())
        .onCommand(Start.class, c -> Effect().reply(c.replyTo(), new Invalid()))
        .onCommand(
            End.class,
            c -> Effect().persist(new Ended()).thenReply(c.replyTo(), s -> new Invalid()))
        .onCommand(
            Get.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        s.session().expiresAt() > System.currentTimeMillis()
                            ? s.session()
                            : new Invalid()));
    // an ended session never comes back, not even with the same token
    b.forState(State::ended)
        .onCommand(Start.class, c -> Effect().reply(c.replyTo(), new Invalid()))
        .onCommand(End.class, c -> Effect().reply(c.replyTo(), new Invalid()))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), new Invalid()));
    return b.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Started.class,
            (s, e) -> new State(new Active(e.email(), e.workspaceId(), e.expiresAt()), false))
        .onEvent(Ended.class, (s, e) -> new State(s.session(), true))
        .build();
  }
}
