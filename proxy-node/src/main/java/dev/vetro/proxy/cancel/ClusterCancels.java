package dev.vetro.proxy.cancel;

import dev.vetro.cluster.ClusterMessage;
import dev.vetro.protocol.startup.CancelRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.util.ByteString;

/**
 * Cancel from any node of the fleet. A client's CancelRequest opens a new connection, which a load
 * balancer may send to any proxy; the key it quotes is the server's own (pid + random secret,
 * relayed unchanged, so it stays as unguessable as PostgreSQL made it and needs no routing bits). A
 * node that does not hold the session asks every other member's relay (found through the
 * receptionist); the one holding it forwards the request to its backend. Cancels are rare, so a
 * broadcast per cancel costs less than keeping every key on every node, and a key never rests
 * anywhere but on the node of its session. Keys cross nodes only inside the cluster (its remoting
 * is the trust boundary, as for the policy cache).
 */
public final class ClusterCancels {
  private static final ServiceKey<Command> KEY =
      ServiceKey.create(Command.class, "vetro-cancel-relay");
  // Members answer from their in-memory registry, without waiting for PostgreSQL; the margin is
  // for a loaded machine or a long GC pause, and only delays the "unknown" verdict.
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Messages of the per-node relay. */
  public sealed interface Command permits Forward, Listed {}

  /** Cancel this key if the session is yours; answer whether it was. */
  public record Forward(int processId, byte[] secret, ActorRef<Outcome> replyTo)
      implements Command, ClusterMessage {}

  public record Outcome(boolean found) implements ClusterMessage {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private final ActorSystem<?> system;
  private volatile ActorRef<Command> self;
  private volatile Set<ActorRef<Command>> relays = Set.of();

  private ClusterCancels(ActorSystem<?> system) {
    this.system = system;
  }

  /**
   * Starts this node's relay. {@code forwardIfLocal} starts cancelling a key held by this node and
   * says whether it was.
   */
  public static ClusterCancels start(
      ActorSystem<?> system, Predicate<CancelRequest> forwardIfLocal) {
    ClusterCancels c = new ClusterCancels(system);
    c.self =
        system.systemActorOf(
            c.relay(forwardIfLocal),
            "vetro-cancel-relay-" + INSTANCES.incrementAndGet(),
            Props.empty());
    return c;
  }

  private Behavior<Command> relay(Predicate<CancelRequest> forwardIfLocal) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
          ActorRef<Receptionist.Listing> adapter =
              ctx.messageAdapter(Receptionist.Listing.class, Listed::new);
          ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY, adapter));
          return Behaviors.receive(Command.class)
              .onMessage(
                  Listed.class,
                  l -> {
                    relays = Set.copyOf(l.listing().getServiceInstances(KEY));
                    return Behaviors.same();
                  })
              .onMessage(
                  Forward.class,
                  f -> {
                    CancelRequest request =
                        new CancelRequest(f.processId(), ByteString.fromArray(f.secret()));
                    boolean found;
                    try {
                      found = forwardIfLocal.test(request);
                    } catch (RuntimeException e) {
                      found = false;
                    }
                    f.replyTo().tell(new Outcome(found));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** Other members whose relay is known (for tests and the start log). */
  public int peers() {
    ActorRef<Command> me = self;
    return (int) relays.stream().filter(r -> !r.equals(me)).count();
  }

  /**
   * Asks every other member to cancel the key; completes with true when one held it. An unreachable
   * member counts as "not there" after the ask times out.
   */
  public CompletionStage<Boolean> forwardToPeers(CancelRequest request) {
    ActorRef<Command> me = self;
    List<CompletableFuture<Boolean>> asks = new ArrayList<>();
    byte[] secret = request.secretKey().toArray();
    for (ActorRef<Command> relay : relays) {
      if (relay.equals(me)) {
        continue;
      }
      asks.add(
          AskPattern.<Command, Outcome>ask(
                  relay,
                  replyTo -> new Forward(request.processId(), secret, replyTo),
                  ASK_TIMEOUT,
                  system.scheduler())
              .toCompletableFuture()
              .handle((o, e) -> e == null && o.found()));
    }
    if (asks.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> any = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(asks.size());
    for (CompletableFuture<Boolean> ask : asks) {
      ask.thenAccept(
          found -> {
            if (found) {
              any.complete(true);
            } else if (left.decrementAndGet() == 0) {
              any.complete(false);
            }
          });
    }
    return any;
  }
}
