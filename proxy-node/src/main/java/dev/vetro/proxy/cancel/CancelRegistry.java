package dev.vetro.proxy.cancel;

import java.util.Optional;

/**
 * Sessions by the key their clients will quote in a CancelRequest. Only keys of live sessions are
 * known, so the proxy never becomes a way to send arbitrary cancel packets to the server.
 */
public interface CancelRegistry {
  void register(CancelKey key, CancelTarget target);

  /** Removes the key only if it still names this target (pids are reused by the server). */
  void unregister(CancelKey key, CancelTarget target);

  Optional<CancelTarget> lookup(CancelKey key);

  int size();
}
