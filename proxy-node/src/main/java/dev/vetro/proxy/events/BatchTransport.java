package dev.vetro.proxy.events;

/** Where batches of decision events go. Called from the sender thread only, one batch at a time. */
public interface BatchTransport extends AutoCloseable {
  /** Never throws: every failure is a {@link Delivery}. */
  Delivery deliver(EventBatch batch);

  /** For the start log, e.g. {@code decisions -> file:/var/lib/vetro/decisions.jsonl}. */
  String describe();

  @Override
  default void close() {}
}
