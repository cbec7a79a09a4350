package dev.vetro.proxy.policycache;

import java.util.concurrent.CompletionStage;

/**
 * One policy source. Asynchronous because the cache entity is an actor and must not block its
 * dispatcher on disk or network; the stage always completes (a failure is {@link
 * FetchOutcome.Failed}).
 */
public interface PolicyFetcher {
  /**
   * @param knownEtag the revision the caller holds, or null: lets the source answer "not modified"
   */
  CompletionStage<FetchOutcome> fetch(String knownEtag);

  /** For the start log, e.g. {@code file:/etc/vetro/policy.json}. */
  String describe();
}
