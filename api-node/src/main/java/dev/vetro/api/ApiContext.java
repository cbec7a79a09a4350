package dev.vetro.api;

import dev.vetro.api.accounts.LoginRateLimiter;
import dev.vetro.api.accounts.PasswordHasher;
import dev.vetro.api.cache.Invalidations;
import dev.vetro.api.catalog.Catalog;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.databases.PolicyCache;
import dev.vetro.api.decisions.DecisionQueries;
import dev.vetro.api.decisions.DecisionRecorder;
import dev.vetro.api.decisions.LiveDecisions;
import dev.vetro.api.decisions.RetentionSweeper;
import dev.vetro.api.http.Entities;
import dev.vetro.api.keys.KeyCache;
import dev.vetro.api.ops.Metrics;
import dev.vetro.api.proxyapi.StatusStore;
import dev.vetro.api.storage.Storage;
import dev.vetro.policy.PolicyEngine;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;

/** The node's shared services, built once by {@link ApiServer} and handed to every route. */
public record ApiContext(
    ApiConfig config,
    ActorSystem<Void> system,
    Storage storage,
    Entities entities,
    Metrics metrics,
    PolicyEngine engine,
    PolicyCache policies,
    PasswordHasher hasher,
    LoginRateLimiter loginLimiter,
    DecisionRecorder recorder,
    DecisionQueries decisions,
    LiveDecisions live,
    RetentionSweeper retention,
    StatusStore status,
    Executor blocking,
    Invalidations invalidations,
    KeyCache keyCache,
    Databases databases,
    Catalog catalog) {}
