package dev.vetro.proxy.enforce;

import dev.vetro.policy.Policy;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.proxy.events.DecisionSink;
import dev.vetro.proxy.policycache.PolicySnapshot;
import dev.vetro.proxy.policycache.PolicySource;
import dev.vetro.proxy.wiring.PolicyWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A policy source whose snapshot a test swaps, a sink that keeps every event, and a proxy using
 * both.
 */
final class TestPolicies {
  private TestPolicies() {}

  static final class SwappablePolicy implements PolicySource {
    private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();

    SwappablePolicy(String json) {
      set(json);
    }

    void set(String json) {
      current.set(new PolicySnapshot("db-test", Policy.fromJson(json).compile(), "test"));
    }

    @Override
    public PolicySnapshot current() {
      return current.get();
    }
  }

  static final class RecordingSink implements DecisionSink {
    private final List<DecisionEvent> events = new ArrayList<>();

    @Override
    public synchronized void offer(DecisionEvent event) {
      events.add(event);
    }

    @Override
    public long dropped() {
      return 0;
    }

    synchronized List<DecisionEvent> events() {
      return List.copyOf(events);
    }

    synchronized void clear() {
      events.clear();
    }
  }

  /** A proxy in front of the testkit's PostgreSQL judging with {@code policy}. */
  static ProxyServer proxy(PolicySource policy, DecisionSink sink) {
    return ProxyServer.start(ProxyTestSupport.config().build(), PolicyWiring.of(policy, sink));
  }

  static final String ENFORCE_DEFAULTS = "{\"mode\": \"enforce\", \"version\": 1}";
  static final String OBSERVE_DEFAULTS = "{\"mode\": \"observe\", \"version\": 2}";
}
