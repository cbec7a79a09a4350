package dev.vetro.proxy.cancel;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node registry: a concurrent map, written by session actors, read by cancel handling.
 */
public final class LocalCancelRegistry implements CancelRegistry {
  private final ConcurrentHashMap<CancelKey, CancelTarget> sessions = new ConcurrentHashMap<>();

  @Override
  public void register(CancelKey key, CancelTarget target) {
    sessions.put(key, target);
  }

  @Override
  public void unregister(CancelKey key, CancelTarget target) {
    sessions.remove(key, target);
  }

  @Override
  public Optional<CancelTarget> lookup(CancelKey key) {
    return Optional.ofNullable(sessions.get(key));
  }

  @Override
  public int size() {
    return sessions.size();
  }
}
