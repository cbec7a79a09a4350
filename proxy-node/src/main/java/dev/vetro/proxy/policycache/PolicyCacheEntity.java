package dev.vetro.proxy.policycache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The policy of one database, sharded by database id: the only place that fetches it, so a fleet
 * polls the control plane once per database, not once per node. Nodes subscribe and get every new
 * revision pushed; they keep it as an immutable snapshot for the hot path.
 *
 * <p>Subscriptions are soft state: a node re-subscribes every refresh interval, which re-creates
 * them after a rebalance or a restart of the entity elsewhere and keeps a live entity from being
 * passivated; the entity answers only when the node's revision is not the current one.
 */
public final class PolicyCacheEntity {
  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "vetro-policy-cache");

  // ---- protocol

  public sealed interface Command extends CborSerializable {}

  /**
   * @param knownRevision what the subscriber holds ({@link PolicyDocument#revision()}), or null
   */
  public record Subscribe(ActorRef<PolicyDocument> subscriber, String knownRevision)
      implements Command {}

  /** Look at the source now (timer, or a heartbeat answer saying the policy is stale). */
  public record Refresh(String reason) implements Command {}

  private record FetchCompleted(FetchOutcome outcome) implements Command {}

  private record SubscriberGone(ActorRef<PolicyDocument> subscriber) implements Command {}

  // ---- factory

  public static Behavior<Command> create(
      String databaseId,
      PolicyFetcher fetcher,
      Optional<PolicyStore> store,
      Duration refreshEvery) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  PolicyDocument lastKnownGood =
                      store.flatMap(s -> s.load(databaseId)).orElse(null);
                  if (lastKnownGood != null) {
                    ctx.getLog()
                        .info(
                            "policy cache {}: starting from {}",
                            databaseId,
                            lastKnownGood.origin());
                  }
                  timers.startTimerWithFixedDelay("refresh", new Refresh("timer"), refreshEvery);
                  ctx.getSelf().tell(new Refresh("start"));
                  return new PolicyCacheEntity(ctx, databaseId, fetcher, lastKnownGood).behavior();
                }));
  }

  // ---- state and behaviour

  private final ActorContext<Command> ctx;
  private final String databaseId;
  private final PolicyFetcher fetcher;
  private final Map<ActorRef<PolicyDocument>, String> subscribers = new HashMap<>();
  private PolicyDocument current;
  private boolean fetching;
  private String lastFailure;

  private PolicyCacheEntity(
      ActorContext<Command> ctx,
      String databaseId,
      PolicyFetcher fetcher,
      PolicyDocument lastKnownGood) {
    this.ctx = ctx;
    this.databaseId = databaseId;
    this.fetcher = fetcher;
    this.current = lastKnownGood;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Refresh.class, this::onRefresh)
        .onMessage(FetchCompleted.class, this::onFetchCompleted)
        .onMessage(
            SubscriberGone.class,
            m -> {
              subscribers.remove(m.subscriber());
              return Behaviors.same();
            })
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    if (!subscribers.containsKey(s.subscriber())) {
      ctx.watchWith(s.subscriber(), new SubscriberGone(s.subscriber()));
    }
    subscribers.put(s.subscriber(), s.knownRevision() == null ? "" : s.knownRevision());
    if (current != null && !current.revision().equals(s.knownRevision())) {
      s.subscriber().tell(current);
      subscribers.put(s.subscriber(), current.revision());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRefresh(Refresh r) {
    if (fetching) {
      return Behaviors.same(); // one request in flight at a time; a slow source is not piled on
    }
    fetching = true;
    ctx.pipeToSelf(
        fetcher.fetch(current == null ? null : current.etag()),
        (outcome, error) ->
            new FetchCompleted(
                error != null
                    ? new FetchOutcome.Failed(fetcher.describe() + ": " + error)
                    : outcome));
    return Behaviors.same();
  }

  private Behavior<Command> onFetchCompleted(FetchCompleted done) {
    fetching = false;
    FetchOutcome outcome = done.outcome();
    if (outcome instanceof FetchOutcome.Fetched f) {
      recovered();
      PolicyDocument next = new PolicyDocument(databaseId, f.policyJson(), f.etag(), f.origin());
      if (current == null || !next.revision().equals(current.revision())) {
        ctx.getLog()
            .info(
                "policy cache {}: new policy from {} (etag {})", databaseId, f.origin(), f.etag());
        publish(next);
      }
    } else if (outcome instanceof FetchOutcome.NotModified n) {
      recovered();
      if (current != null && !current.origin().equals(n.origin())) {
        // the last-known-good copy is confirmed current by the source: say where it is from now
        publish(current.withOrigin(n.origin()));
      }
    } else if (outcome instanceof FetchOutcome.Failed f && !f.reason().equals(lastFailure)) {
      // logged once per distinct reason: a source down for hours must not flood the log
      lastFailure = f.reason();
      ctx.getLog()
          .warn(
              "policy cache {}: {}; still enforcing {}",
              databaseId,
              f.reason(),
              current == null ? "the node's current policy" : current.origin());
    }
    return Behaviors.same();
  }

  private void recovered() {
    if (lastFailure != null) {
      ctx.getLog().info("policy cache {}: {} answers again", databaseId, fetcher.describe());
      lastFailure = null;
    }
  }

  private void publish(PolicyDocument next) {
    current = next;
    String revision = next.revision();
    subscribers.replaceAll(
        (subscriber, known) -> {
          subscriber.tell(next);
          return revision;
        });
  }
}
