package dev.vetro.proxy.policycache;

import dev.vetro.policy.CompiledPolicy;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's end of a policy cache subscription: compiles each revision the entity pushes once,
 * swaps it into the {@link NodePolicySource}, and persists revisions from the control plane as the
 * last known good. Re-subscribes every interval (see {@link PolicyCacheEntity} for why).
 */
public final class SnapshotSubscriber {
  private SnapshotSubscriber() {}

  private record Resubscribe() {}

  /**
   * @param entity the sharded entity (an {@code EntityRef}) or, without a cluster, a local actor
   * @param store where revisions from the control plane are kept for a restart during an outage
   * @param initialRevision the revision {@code target} already holds (read at start), or null
   */
  public static Behavior<PolicyDocument> create(
      RecipientRef<PolicyCacheEntity.Command> entity,
      NodePolicySource target,
      Optional<PolicyStore> store,
      Duration resubscribeEvery,
      String initialRevision) {
    return Behaviors.<Object>setup(
            ctx ->
                Behaviors.withTimers(
                    timers -> {
                      String[] known = {initialRevision};
                      Runnable subscribe =
                          () ->
                              entity.tell(
                                  new PolicyCacheEntity.Subscribe(
                                      ctx.getSelf().<PolicyDocument>unsafeUpcast().narrow(),
                                      known[0]));
                      subscribe.run();
                      timers.startTimerWithFixedDelay(
                          "resubscribe", new Resubscribe(), resubscribeEvery);
                      return Behaviors.receive(Object.class)
                          .onMessage(
                              Resubscribe.class,
                              r -> {
                                subscribe.run();
                                return Behaviors.same();
                              })
                          .onMessage(
                              PolicyDocument.class,
                              doc -> {
                                if (doc.revision().equals(known[0])) {
                                  return Behaviors.same();
                                }
                                CompiledPolicy compiled;
                                try {
                                  compiled = doc.compile();
                                } catch (RuntimeException e) {
                                  // validated at the source; a node of another version may still
                                  // disagree: keep ours
                                  ctx.getLog()
                                      .error(
                                          "policy for {} from {} does not compile here, keeping {}: {}",
                                          doc.databaseId(),
                                          doc.origin(),
                                          target.current().origin(),
                                          e.getMessage());
                                  return Behaviors.same();
                                }
                                PolicySnapshot before = target.current();
                                target.replace(
                                    new PolicySnapshot(doc.databaseId(), compiled, doc.origin()));
                                known[0] = doc.revision();
                                if (doc.origin().startsWith("api ")) {
                                  store.ifPresent(s -> s.save(doc));
                                }
                                ctx.getLog()
                                    .info(
                                        "policy for {}: version {} ({}), was version {} ({})",
                                        doc.databaseId(),
                                        compiled.version(),
                                        doc.origin(),
                                        before.version(),
                                        before.origin());
                                return Behaviors.same();
                              })
                          .build();
                    }))
        .<PolicyDocument>narrow();
  }
}
