package dev.vetro.proxy.policy;

import dev.vetro.policy.Policy;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.proxy.events.DecisionSink;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a proxy node needs from the policy cache and decision reporting, built from the
 * environment. ProxyServer asks for {@link #policySource()} on the hot path and
 * {@link #decisionSink()} for events, logs {@link #startupSummary()} once, and closes it on
 * shutdown.
 */
public final class PolicyWiring implements AutoCloseable {
  private final PolicySource policySource;
  private final DecisionSink decisionSink;
  private final String startupSummary;
  private final AutoCloseable resources;

  private PolicyWiring(PolicySource policySource, DecisionSink decisionSink, String startupSummary,
      AutoCloseable resources) {
    this.policySource = policySource;
    this.decisionSink = decisionSink;
    this.startupSummary = startupSummary;
    this.resources = resources;
  }

  /** Reads VETRO_POLICY_FILE / VETRO_API_URL / … and starts what they need in {@code system}. */
  public static PolicyWiring fromEnv(Map<String, String> env, ActorSystem<?> system) {
    // First increment: the default catalog only; file, API and events follow.
    PolicySnapshot snapshot = new PolicySnapshot(
        env.getOrDefault("VETRO_DATABASE_ID", "default"), Policy.defaults().compile(), "default catalog");
    return new PolicyWiring(() -> snapshot, new DiscardingSink(),
        "policy: default catalog (no VETRO_POLICY_FILE or VETRO_API_URL set)", () -> { });
  }

  /** For tests and embedding: the caller owns both objects. */
  public static PolicyWiring of(PolicySource policySource, DecisionSink decisionSink) {
    return new PolicyWiring(policySource, decisionSink, "policy: supplied programmatically", () -> { });
  }

  public PolicySource policySource() {
    return policySource;
  }

  public DecisionSink decisionSink() {
    return decisionSink;
  }

  /** One line for the start log: which policy source is used and where decisions go. */
  public String startupSummary() {
    return startupSummary;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing policy wiring: " + e.getMessage(), e);
    }
  }

  private static final class DiscardingSink implements DecisionSink {
    private final AtomicLong dropped = new AtomicLong();

    @Override
    public void offer(DecisionEvent event) {
      dropped.incrementAndGet();
    }

    @Override
    public long dropped() {
      return dropped.get();
    }
  }
}
