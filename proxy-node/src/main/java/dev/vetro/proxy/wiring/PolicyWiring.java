package dev.vetro.proxy.wiring;

import dev.vetro.cluster.ClusterSettings;
import dev.vetro.policy.Policy;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ControlPlane;
import dev.vetro.proxy.config.PolicySettings;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.events.ApiEventTransport;
import dev.vetro.proxy.events.BatchTransport;
import dev.vetro.proxy.events.BufferedDecisionSink;
import dev.vetro.proxy.events.DecisionSink;
import dev.vetro.proxy.events.EventSpool;
import dev.vetro.proxy.events.JsonLinesTransport;
import dev.vetro.proxy.heartbeat.Heartbeat;
import dev.vetro.proxy.heartbeat.NodeVersion;
import dev.vetro.proxy.heartbeat.UpstreamProbe;
import dev.vetro.proxy.policycache.ApiPolicyFetcher;
import dev.vetro.proxy.policycache.FetchOutcome;
import dev.vetro.proxy.policycache.FilePolicyFetcher;
import dev.vetro.proxy.policycache.NodePolicySource;
import dev.vetro.proxy.policycache.PolicyCacheEntity;
import dev.vetro.proxy.policycache.PolicyCluster;
import dev.vetro.proxy.policycache.PolicyDocument;
import dev.vetro.proxy.policycache.PolicyFetcher;
import dev.vetro.proxy.policycache.PolicySnapshot;
import dev.vetro.proxy.policycache.PolicySource;
import dev.vetro.proxy.policycache.PolicyStore;
import dev.vetro.proxy.policycache.SnapshotSubscriber;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a proxy node needs from the policy cache, decision reporting and heartbeat, built from the
 * environment. ProxyServer reads {@link #policySource()} on the hot path, hands decisions to {@link
 * #decisionSink()}, logs {@link #startupSummary()} once, and closes this on shutdown.
 */
public final class PolicyWiring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicyWiring.class);
  static final long DECISION_LOG_MAX_BYTES = 100L << 20;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final PolicySource policySource;
  private final DecisionSink decisionSink;
  private final String startupSummary;
  private final Optional<Heartbeat> heartbeat;
  private final Optional<RecipientRef<PolicyCacheEntity.Command>> entity;
  private final List<AutoCloseable> resources;

  private PolicyWiring(
      PolicySource policySource,
      DecisionSink decisionSink,
      String startupSummary,
      Optional<Heartbeat> heartbeat,
      Optional<RecipientRef<PolicyCacheEntity.Command>> entity,
      List<AutoCloseable> resources) {
    this.policySource = policySource;
    this.decisionSink = decisionSink;
    this.startupSummary = startupSummary;
    this.heartbeat = heartbeat;
    this.entity = entity;
    this.resources = resources;
  }

  /**
   * Starts the policy cache, the decision sender and the heartbeat in {@code system} with the
   * node's {@link ProxyConfig#policy()} settings ({@code VETRO_POLICY_FILE} / {@code VETRO_API_URL}
   * / …, see the README). Blocks at most {@code VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS} for a first
   * policy from the control plane when no last-known-good copy exists.
   *
   * @throws ConfigException for an unusable policy file (exit 2 at start)
   */
  public static PolicyWiring start(ProxyConfig config, ActorSystem<?> system) {
    PolicySettings s = config.policy();
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<AutoCloseable> resources = new ArrayList<>();
    List<String> summary = new ArrayList<>();

    try {
      NodePolicySource source;
      Optional<RecipientRef<PolicyCacheEntity.Command>> entity = Optional.empty();
      if (s.policyFile().isPresent()) {
        FilePolicyFetcher file = new FilePolicyFetcher(s.policyFile().get(), blocking);
        FetchOutcome first = file.fetchNow(null);
        if (!(first instanceof FetchOutcome.Fetched f)) {
          throw new ConfigException("VETRO_POLICY_FILE: " + ((FetchOutcome.Failed) first).reason());
        }
        PolicyDocument doc =
            new PolicyDocument(s.databaseId(), f.policyJson(), f.etag(), f.origin());
        source =
            new NodePolicySource(new PolicySnapshot(s.databaseId(), doc.compile(), doc.origin()));
        entity =
            Optional.of(
                startCache(
                    system,
                    config.cluster(),
                    s,
                    source,
                    doc.revision(),
                    id -> file,
                    Optional.empty(),
                    summary));
        summary.add(
            0,
            "policy: "
                + file.describe()
                + " (version "
                + source.current().version()
                + ", re-read when it changes, every "
                + s.policyRefresh().toSeconds()
                + "s)");
      } else if (s.controlPlane().isPresent()) {
        ControlPlane api = s.controlPlane().get();
        PolicyStore store = new PolicyStore(s.dataDir());
        Optional<PolicyDocument> lastKnownGood = store.load(s.databaseId());
        if (lastKnownGood.isPresent()) {
          PolicyDocument d = lastKnownGood.get();
          source =
              new NodePolicySource(new PolicySnapshot(s.databaseId(), d.compile(), d.origin()));
        } else if (s.defaultCatalogWhenUnavailable()) {
          source =
              new NodePolicySource(
                  defaults(s.databaseId(), "default catalog (until " + "api " + api + " answers)"));
        } else {
          // Fail closed: nothing is judged by a policy this node does not have.
          source =
              NodePolicySource.unavailableUntilFetched(
                  defaults(s.databaseId(), "none (api " + api + " has not answered)"),
                  "control plane "
                      + api.apiRoot()
                      + " has not provided a policy (unreachable, or refusing this node's key)"
                      + " and no last known good policy is stored in "
                      + store.fileFor(s.databaseId()));
        }
        entity =
            Optional.of(
                startCache(
                    system,
                    config.cluster(),
                    s,
                    source,
                    lastKnownGood.map(PolicyDocument::revision).orElse(null),
                    id ->
                        new ApiPolicyFetcher(
                            new ControlPlane(api.apiRoot(), api.apiKey(), id), http, blocking),
                    Optional.of(store),
                    summary));
        boolean live =
            awaitLive(source, lastKnownGood.isPresent() ? Duration.ZERO : s.firstFetchWait());
        summary.add(
            0,
            "policy: api "
                + api
                + " database "
                + s.databaseId()
                + " (now "
                + (live ? "version " + source.current().version() : source.current().origin())
                + "; polled every "
                + s.policyRefresh().toSeconds()
                + "s, last good kept in "
                + store.fileFor(s.databaseId())
                + ")");
      } else {
        source = new NodePolicySource(defaults(s.databaseId(), "default catalog"));
        summary.add(0, "policy: default catalog (no VETRO_POLICY_FILE or VETRO_API_URL set)");
      }

      BatchTransport transport =
          s.controlPlane()
              .<BatchTransport>map(api -> new ApiEventTransport(api, http))
              .orElseGet(() -> new JsonLinesTransport(s.decisionLog(), DECISION_LOG_MAX_BYTES));
      BufferedDecisionSink sink =
          new BufferedDecisionSink(
              s.eventBuffer(),
              s.eventBatch(),
              transport,
              BufferedDecisionSink.Timing.defaults(),
              // events for the control plane that cannot leave before shutdown wait on disk
              s.controlPlane().map(api -> new EventSpool(s.dataDir().resolve("spool"))));
      resources.add(0, sink);
      summary.add(
          sink.describe() + " (buffer " + s.eventBuffer() + ", batches of " + s.eventBatch() + ")");

      Optional<RecipientRef<PolicyCacheEntity.Command>> cache = entity;
      Heartbeat heartbeat =
          new Heartbeat(
              new Heartbeat.NodeFacts(
                  NodeVersion.get(),
                  s.nodeId(),
                  config.upstreamSslMode().envValue(),
                  config.clientTlsMode().envValue()),
              new UpstreamProbe(
                  config.upstreamHost(), config.upstreamPort(), Duration.ofSeconds(2)),
              source,
              sink::dropped,
              s.controlPlane(),
              http,
              () ->
                  cache.ifPresent(
                      e -> e.tell(new PolicyCacheEntity.Refresh("heartbeat: policy stale"))));
      heartbeat.start(s.heartbeatInterval());
      resources.add(0, heartbeat); // stopped first: it reads the sink
      summary.add(
          "heartbeat every "
              + s.heartbeatInterval().toSeconds()
              + "s "
              + s.controlPlane()
                  .map(api -> "to " + api.heartbeatUri())
                  .orElse("(logged at DEBUG, no VETRO_API_URL)")
              + ", node "
              + s.nodeId());
      return new PolicyWiring(
          source, sink, String.join("; ", summary), Optional.of(heartbeat), entity, resources);
    } catch (RuntimeException e) {
      closeAll(resources); // e.g. a sink started before a later step failed
      throw e;
    }
  }

  /** For tests and embedding: the caller owns both objects; no heartbeat runs. */
  public static PolicyWiring of(PolicySource policySource, DecisionSink decisionSink) {
    return new PolicyWiring(
        policySource,
        decisionSink,
        "policy: supplied programmatically",
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  private static RecipientRef<PolicyCacheEntity.Command> startCache(
      ActorSystem<?> nodeSystem,
      ClusterSettings cluster,
      PolicySettings s,
      NodePolicySource source,
      String initialRevision,
      java.util.function.Function<String, PolicyFetcher> fetcherFor,
      Optional<PolicyStore> store,
      List<String> summary) {
    if (!PolicyCluster.isClustered(nodeSystem)) {
      // One actor system per node: a second, clustered one beside the node's would double the
      // threads and memory and split what belongs together (dispatchers, shutdown).
      throw new IllegalStateException(
          "the policy cache is a sharded entity, but actor system "
              + nodeSystem.name()
              + " was not created with PolicyCluster.config(cluster) (ProxyServer.start does"
              + " that when given NodeWiring.fromConfig(config))");
    }
    ActorSystem<?> system = nodeSystem;
    PolicyCluster.join(system, cluster);
    RecipientRef<PolicyCacheEntity.Command> entity =
        PolicyCluster.shard(
            system,
            s.databaseId(),
            id -> PolicyCacheEntity.create(id, fetcherFor.apply(id), store, s.policyRefresh()));
    summary.add(
        "policy cache: sharded entity vetro-policy-cache/"
            + s.databaseId()
            + " at "
            + system.address()
            + "; "
            + cluster.describe());
    system.systemActorOf(
        SnapshotSubscriber.create(entity, source, store, s.policyRefresh(), initialRevision),
        "vetro-policy-snapshot-" + INSTANCES.incrementAndGet(),
        Props.empty());
    return entity;
  }

  private static PolicySnapshot defaults(String databaseId, String origin) {
    return new PolicySnapshot(databaseId, Policy.defaults().compile(), origin);
  }

  private static boolean awaitLive(NodePolicySource source, Duration wait) {
    try {
      return source.await(p -> p.origin().startsWith("api "), wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public PolicySource policySource() {
    return policySource;
  }

  /** Why no policy is in force (fail closed), or empty; see {@link PolicySource#unavailable}. */
  public Optional<String> policyProblem() {
    return policySource.unavailable();
  }

  public DecisionSink decisionSink() {
    return decisionSink;
  }

  /** One line for the start log: which policy source is used, where decisions go, the heartbeat. */
  public String startupSummary() {
    return startupSummary;
  }

  /** The heartbeat (for its {@code latest()} status); empty for {@link #of}. */
  public Optional<Heartbeat> heartbeat() {
    return heartbeat;
  }

  /** Lets the heartbeat report open sessions; ProxyServer passes its connection counter. */
  public void reportOpenSessions(IntSupplier openSessions) {
    heartbeat.ifPresent(h -> h.openSessions(openSessions));
  }

  /** Asks the cache entity to look at its source now instead of at the next poll. */
  public void refreshPolicy(String reason) {
    entity.ifPresent(e -> e.tell(new PolicyCacheEntity.Refresh(reason)));
  }

  /**
   * Stops the heartbeat and flushes queued decision events (bounded by the sink's close deadline).
   */
  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", r, e.toString());
      }
    }
  }
}
