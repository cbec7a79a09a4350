package dev.vetro.api.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Pekko's Java API hands out Scala futures wrapped as {@code CompletionStage}s whose every {@code
 * thenApply}/{@code thenCompose} runs <em>asynchronously on the JDK's default pool</em>. With fewer
 * than three cores that "pool" is a new thread per task (CompletableFuture's
 * ThreadPerTaskExecutor): on the 2-core target it meant several thread starts per request, most of
 * the API's CPU. Re-completing on a plain {@link CompletableFuture} gives the usual semantics:
 * continuations run on the thread that completed the future (an actor's reply, a stream's end).
 */
public final class PlainFutures {
  private static final java.util.concurrent.Executor SAME_THREAD = Runnable::run;

  private PlainFutures() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    // the *Async variant with an explicit executor is not redirected to the default pool
    stage.whenCompleteAsync(
        (v, e) -> {
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(v);
          }
        },
        SAME_THREAD);
    return out;
  }
}
