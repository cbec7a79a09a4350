package dev.vetro.api.cache;

import dev.vetro.api.CborSerializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Tells every node of the cluster that a cached read of an entity is stale (a key was revoked, a
 * database changed). The node that made the change has already dropped its own copy before it
 * answered the request; this carries the news to the others, which learn it within milliseconds.
 */
public final class Invalidations {

  public sealed interface Invalidation extends CborSerializable {}

  public record KeyRevoked(String keyHash) implements Invalidation {}

  public record DatabaseChanged(String databaseId) implements Invalidation {}

  private final ActorRef<Topic.Command<Invalidation>> topic;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();

  public Invalidations(ActorSystem<?> system) {
    this.topic =
        system.systemActorOf(
            Topic.create(Invalidation.class, "vetro-cache-invalidations"),
            "cache-invalidations-topic",
            Props.empty());
    ActorRef<Invalidation> local =
        system.systemActorOf(
            Behaviors.<Invalidation>receiveMessage(
                i -> {
                  listeners.forEach(l -> l.accept(i));
                  return Behaviors.same();
                }),
            "cache-invalidations-local",
            Props.empty());
    topic.tell(Topic.subscribe(local));
  }

  public void listen(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  public void publish(Invalidation i) {
    topic.tell(Topic.publish(i));
  }
}
