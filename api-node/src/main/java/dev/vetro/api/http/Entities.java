package dev.vetro.api.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.function.Function;

/**
 * Asks to sharded entities with one timeout; a timeout surfaces as 503 through the error handler.
 */
public final class Entities {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final ClusterSharding sharding;
  private final Duration timeout;

  public Entities(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public <C, R> CompletionStage<R> ask(
      EntityTypeKey<C> key, String id, Function<ActorRef<R>, C> command) {
    return PlainFutures.of(sharding.entityRefFor(key, id).ask(command, timeout));
  }

  /**
   * Ids we generate are lower-case UUIDs; anything else cannot exist and must not spawn an entity.
   */
  public static boolean isId(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  public static String newId() {
    return java.util.UUID.randomUUID().toString();
  }
}
