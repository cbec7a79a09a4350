package dev.vetro.proxy.events;

/** What one attempt to hand a batch over came to. */
public sealed interface Delivery {
  record Delivered() implements Delivery {}

  /** Worth trying again later: unreachable, timeout, 5xx, 429, disk momentarily full. */
  record Retry(String reason) implements Delivery {}

  /** Will never succeed as it is (e.g. 401, 404, 422): dropped and counted, not retried forever. */
  record Rejected(String reason) implements Delivery {}
}
