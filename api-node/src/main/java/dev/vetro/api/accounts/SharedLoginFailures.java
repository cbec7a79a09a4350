package dev.vetro.api.accounts;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.ORSetKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The per-address failed-login counts shared by every API node, with Pekko Distributed Data: one
 * {@code ORSet} whose elements are single failures ({@code address|epochMillis|nonce}). Each node
 * adds its own failures (local write, gossiped to the others within about a second) and keeps the
 * set's current state as a map address → (count, last) in its {@link LoginRateLimiter}, so a login
 * reads memory, not the replicator. Failures older than the window are removed every minute.
 *
 * <p>Bounded: past {@link #MAX_ELEMENTS} live failures in the cluster (an attack from very many
 * addresses), new failures are counted on their node only.
 */
public final class SharedLoginFailures {
  static final Key<ORSet<String>> KEY = ORSetKey.create("vetro-login-failures-by-address");
  static final int MAX_ELEMENTS = 20_000;

  sealed interface Command {}

  private record Failed(String address, long at) implements Command {}

  private record Prune() implements Command {}

  private record Changed(ORSet<String> set) implements Command {}

  private record Ignored() implements Command {}

  private SharedLoginFailures() {}

  /** Starts the node's replica and wires it into {@code limiter}. */
  public static void start(ActorSystem<?> system, LoginRateLimiter limiter) {
    ActorRef<Command> ref =
        system.systemActorOf(behavior(limiter), "login-failures", Props.empty());
    limiter.share((address, at) -> ref.tell(new Failed(address, at)));
  }

  private static Behavior<Command> behavior(LoginRateLimiter limiter) {
    return Behaviors.setup(
        ctx -> {
          SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
          long window = limiter.windowMillis();
          return Behaviors.withTimers(
              timers -> {
                timers.startTimerWithFixedDelay(new Prune(), Duration.ofMinutes(1));
                return DistributedData.<Command, ORSet<String>>withReplicatorMessageAdapter(
                    replicator -> {
                      replicator.subscribe(
                          KEY,
                          r ->
                              r instanceof Replicator.Changed<ORSet<String>> c
                                  ? new Changed(c.get(KEY))
                                  : new Ignored());
                      int[] size = {0};
                      return Behaviors.receive(Command.class)
                          .onMessage(
                              Failed.class,
                              f -> {
                                if (size[0] < MAX_ELEMENTS) {
                                  String element =
                                      f.address()
                                          + "|"
                                          + f.at()
                                          + "|"
                                          + UUID.randomUUID().toString().substring(0, 8);
                                  replicator.askUpdate(
                                      to ->
                                          new Replicator.Update<>(
                                              KEY,
                                              ORSet.empty(),
                                              Replicator.writeLocal(),
                                              to,
                                              s -> s.add(node, element)),
                                      r -> new Ignored());
                                }
                                return Behaviors.same();
                              })
                          .onMessage(
                              Changed.class,
                              c -> {
                                Set<String> elements = c.set().getElements();
                                size[0] = elements.size();
                                limiter.sharedFailures(
                                    byAddress(elements, System.currentTimeMillis(), window));
                                return Behaviors.same();
                              })
                          .onMessage(
                              Prune.class,
                              p -> {
                                long cutoff = System.currentTimeMillis() - window;
                                replicator.askUpdate(
                                    to ->
                                        new Replicator.Update<>(
                                            KEY,
                                            ORSet.empty(),
                                            Replicator.writeLocal(),
                                            to,
                                            s -> {
                                              ORSet<String> out = s;
                                              for (String e : s.getElements()) {
                                                if (at(e) < cutoff) {
                                                  out = out.remove(node, e);
                                                }
                                              }
                                              return out;
                                            }),
                                    r -> new Ignored());
                                return Behaviors.same();
                              })
                          .onMessage(Ignored.class, i -> Behaviors.same())
                          .build();
                    });
              });
        });
  }

  static Map<String, LoginRateLimiter.Failures> byAddress(
      Set<String> elements, long now, long window) {
    Map<String, LoginRateLimiter.Failures> out = new HashMap<>();
    for (String e : elements) {
      long at = at(e);
      if (now - at >= window) {
        continue;
      }
      String address = e.substring(0, e.indexOf('|'));
      out.merge(
          address,
          new LoginRateLimiter.Failures(1, at),
          (a, b) ->
              new LoginRateLimiter.Failures(a.count() + b.count(), Math.max(a.last(), b.last())));
    }
    return out;
  }

  private static long at(String element) {
    int first = element.indexOf('|');
    int second = element.indexOf('|', first + 1);
    try {
      return Long.parseLong(element.substring(first + 1, second));
    } catch (RuntimeException e) {
      return 0; // not ours: expires at once
    }
  }
}
