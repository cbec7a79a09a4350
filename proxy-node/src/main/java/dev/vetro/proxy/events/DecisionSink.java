package dev.vetro.proxy.events;

/**
 * Where the hot path hands decisions over. Never blocks and never throws: a bounded buffer; when it
 * is full the event is dropped and counted, because a slow or absent control plane must never slow
 * or fail a query.
 */
public interface DecisionSink {
  void offer(DecisionEvent event);

  /** Events dropped since start because the buffer was full (or the sink was closed). */
  long dropped();
}
