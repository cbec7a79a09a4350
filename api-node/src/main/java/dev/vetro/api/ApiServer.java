package dev.vetro.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vetro.api.accounts.LoginRateLimiter;
import dev.vetro.api.accounts.PasswordHasher;
import dev.vetro.api.accounts.Session;
import dev.vetro.api.accounts.SharedLoginFailures;
import dev.vetro.api.accounts.User;
import dev.vetro.api.cache.Invalidations;
import dev.vetro.api.catalog.Catalog;
import dev.vetro.api.catalog.CatalogBackfill;
import dev.vetro.api.catalog.CatalogProjection;
import dev.vetro.api.databases.Database;
import dev.vetro.api.databases.DatabaseCache;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.databases.PolicyCache;
import dev.vetro.api.decisions.DecisionLog;
import dev.vetro.api.decisions.DecisionMinutes;
import dev.vetro.api.decisions.DecisionProjection;
import dev.vetro.api.decisions.DecisionQueries;
import dev.vetro.api.decisions.DecisionRecorder;
import dev.vetro.api.decisions.LiveDecisions;
import dev.vetro.api.decisions.RetentionSweeper;
import dev.vetro.api.http.ApiRoutes;
import dev.vetro.api.http.Entities;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.keys.KeyCache;
import dev.vetro.api.ops.Metrics;
import dev.vetro.api.ops.OpenApi;
import dev.vetro.api.proxyapi.StatusStore;
import dev.vetro.api.storage.PooledJdbcSession;
import dev.vetro.api.storage.Storage;
import dev.vetro.api.workspace.Workspace;
import dev.vetro.cluster.ClusterConfig;
import dev.vetro.cluster.ClusterJoin;
import dev.vetro.cluster.ClusterSettings;
import dev.vetro.cluster.NodeKind;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.PolicyEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one api node: storage (schema created), a cluster member (joins itself unless seed nodes
 * are configured), the sharded entities, the decision and catalog projections, the retention
 * sweeper and the HTTP server. {@link #start} returns once the node serves HTTP and its member is
 * Up.
 */
public final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** A running node. */
  public static final class Handle {
    private final ApiContext ctx;
    private final ServerBinding binding;

    private Handle(ApiContext ctx, ServerBinding binding) {
      this.ctx = ctx;
      this.binding = binding;
    }

    public int boundPort() {
      return binding.localAddress().getPort();
    }

    public ApiContext context() {
      return ctx;
    }

    /** Runs a retention sweep now (the node also runs one every {@code retentionSweep}). */
    public RetentionSweeper.Result sweepRetentionNow() {
      return ApiServer.sweep(ctx, Instant.now());
    }

    public void shutdown() {
      try {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("unbind failed: {}", e.toString());
      }
      ctx.recorder().close(); // journals what is spooled while the entities still run
      ctx.system().terminate();
      try {
        ctx.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("actor system did not terminate in time: {}", e.toString());
      }
      ctx.storage().close();
    }
  }

  private ApiServer() {}

  /** A node whose cluster part comes from {@code config}'s host, port and static seeds. */
  public static Handle start(ApiConfig config) {
    return start(config, clusterSettings(config));
  }

  /**
   * A node with explicit cluster settings ({@code ClusterSettings.fromEnv(env, NodeKind.API)} in
   * {@code bin/vetro api}: static seeds or Cluster Bootstrap).
   */
  public static Handle start(ApiConfig config, ClusterSettings cluster) {
    long t0 = System.nanoTime();
    Storage storage = Storage.open(config);
    LOG.info("storage ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
    ActorSystem<Void> system;
    try {
      system =
          ActorSystem.create(
              Behaviors.empty(), NodeKind.API.systemName(), pekkoConfig(cluster, storage));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    try {
      return startIn(system, storage, config, cluster);
    } catch (RuntimeException e) {
      system.terminate();
      storage.close();
      throw e;
    }
  }

  static ClusterSettings clusterSettings(ApiConfig config) {
    return ClusterSettings.local(NodeKind.API)
        .withAddress(config.clusterHost(), config.clusterPort())
        .withSeeds(ClusterSettings.parseSeeds(NodeKind.API, String.join(",", config.seedNodes())));
  }

  /** Storage (journal plugins) over the shared cluster settings over the api node's own file. */
  static Config pekkoConfig(ClusterSettings cluster, Storage storage) {
    return storage
        .pekkoConfig()
        .withFallback(ClusterConfig.of(cluster))
        .withFallback(ConfigFactory.parseResources("vetro-api.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  private static Handle startIn(
      ActorSystem<Void> system, Storage storage, ApiConfig config, ClusterSettings settings) {
    long t0 = System.nanoTime();
    Cluster cluster = Cluster.get(system);
    ClusterJoin.start(system, settings);
    Workspace.init(system);
    User.init(system);
    Session.init(system);
    ApiKey.init(system);
    Database.init(system);
    DecisionLog.init(system);
    storage.underSchemaLock(
        () ->
            await(
                JdbcProjection.createTablesIfNotExists(
                    () -> new PooledJdbcSession(storage), system),
                "projection tables"));

    LOG.info("entities and projection tables ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
    Metrics metrics = new Metrics();
    LiveDecisions live = new LiveDecisions(system);
    // counts the decisions projected before the charts' minute table existed, before the
    // projection adds to it (once per store, under the schema lock like the catalog backfill)
    storage.underSchemaLock(() -> DecisionMinutes.backfill(storage));
    DecisionProjection.init(system, storage, live, metrics);
    // before the projection reads the tag for the first time; under the schema lock so two nodes
    // starting together do not both scan and collide on the marker row
    storage.underSchemaLock(() -> CatalogBackfill.run(storage));
    CatalogProjection.init(system, storage);
    Executor kdf =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("vetro.api.kdf-dispatcher"));
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("vetro.api.blocking-dispatcher"));
    DecisionRecorder recorder =
        new DecisionRecorder(
            system, metrics, config.dataDir().toAbsolutePath().resolve("decision-spool"));
    metrics.gauge(
        "vetro_api_journal_lag_decisions",
        "Decisions accepted but not yet written to the journal",
        recorder::pending);
    LoginRateLimiter loginLimiter = LoginRateLimiter.defaults();
    SharedLoginFailures.start(system, loginLimiter); // the per-address counts, cluster-wide
    Entities entities = new Entities(system, Duration.ofSeconds(10));
    Invalidations invalidations = new Invalidations(system);
    KeyCache keyCache = new KeyCache();
    DatabaseCache databaseCache = new DatabaseCache();
    invalidations.listen(keyCache::onInvalidation);
    invalidations.listen(databaseCache::onInvalidation);
    ApiContext ctx =
        new ApiContext(
            config,
            system,
            storage,
            entities,
            metrics,
            PolicyEngine.create(EngineOptions.defaults()),
            new PolicyCache(),
            new PasswordHasher(config.kdfIterations(), kdf),
            loginLimiter,
            recorder,
            new DecisionQueries(storage),
            live,
            new RetentionSweeper(storage),
            new StatusStore(storage),
            blocking,
            invalidations,
            keyCache,
            new Databases(entities, databaseCache, invalidations),
            new Catalog(storage, system, blocking, metrics));

    ServerBinding binding =
        await(
            Http.get(system)
                .newServerAt(config.host(), config.port())
                .withSettings(serverSettings(system, System.getenv()))
                .bind(new ApiRoutes(ctx, new OpenApi()).route()),
            "HTTP bind on " + config.host() + ":" + config.port());
    LOG.info("HTTP bound in {} ms", (System.nanoTime() - t0) / 1_000_000);
    awaitUp(cluster);
    LOG.info("cluster member Up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    system
        .scheduler()
        .scheduleWithFixedDelay(
            config.retentionSweep(),
            config.retentionSweep(),
            () -> {
              try {
                RetentionSweeper.Result r = sweep(ctx, Instant.now());
                if (r.buckets() > 0) {
                  LOG.info(
                      "retention: deleted {} day buckets ({} journal rows, {} decisions)",
                      r.buckets(),
                      r.journalRows(),
                      r.viewRows());
                }
              } catch (RuntimeException e) {
                LOG.warn("retention sweep failed: {}", e.toString());
              }
            },
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("vetro.api.blocking-dispatcher")));
    LOG.info(
        "vetro api listening on {}:{} with {}",
        config.host(),
        binding.localAddress().getPort(),
        storage.describe());
    return new Handle(ctx, binding);
  }

  /**
   * pekko-http's {@code max-connections} (default 1,024) sized from the file descriptor limit: a
   * connection past it is not accepted, so it waits in the kernel's backlog and its requests are
   * never answered, not even with the 503 the admission gate would give; an accepted one can be
   * refused in microseconds. {@code VETRO_API_MAX_CONNECTIONS} sets it exactly; otherwise it is the
   * descriptor limit less 1,024 for the journal, the spool and the cluster, at least the configured
   * value.
   */
  static org.apache.pekko.http.javadsl.settings.ServerSettings serverSettings(
      ActorSystem<Void> system, java.util.Map<String, String> env) {
    org.apache.pekko.http.javadsl.settings.ServerSettings s =
        org.apache.pekko.http.javadsl.settings.ServerSettings.create(system.classicSystem());
    String exact = env.get("VETRO_API_MAX_CONNECTIONS");
    if (exact != null && !exact.isBlank()) {
      return s.withMaxConnections(Integer.parseInt(exact.strip()));
    }
    long fds = -1;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      fds = unix.getMaxFileDescriptorCount();
    }
    int fromFds = (int) Math.min(65_536, Math.max(0, fds - 1024));
    return s.withMaxConnections(Math.max(s.getMaxConnections(), fromFds));
  }

  static RetentionSweeper.Result sweep(ApiContext ctx, Instant now) {
    return ctx.retention()
        .sweep(
            workspaceId -> {
              Workspace.Reply r =
                  ctx.entities()
                      .<Workspace.Command, Workspace.Reply>ask(
                          Workspace.ENTITY_KEY, workspaceId, Workspace.Get::new)
                      .toCompletableFuture()
                      .join();
              return r instanceof Workspace.Summary s ? s.retentionDays() : null;
            },
            now);
  }

  private static void awaitUp(Cluster cluster) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cluster member did not reach Up in 30 s (seed nodes reachable?)");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while joining the cluster", e);
      }
    }
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "api node start failed at " + what + ": " + cause.getMessage(), cause);
    }
  }
}
