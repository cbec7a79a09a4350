package dev.vetro.proxy.admin;

import java.util.List;

/** What the admin endpoint asks the node. */
public interface NodeHealth {
  /** Failing readiness checks; empty = ready. */
  Readiness readiness();

  /**
   * Notes that do not make the node unready (e.g. "cluster: 1 of 3 members reachable, enforcing the
   * last known good policy"): shown on {@code /healthz} and {@code /readyz}.
   */
  default List<String> notes() {
    return List.of();
  }
}
