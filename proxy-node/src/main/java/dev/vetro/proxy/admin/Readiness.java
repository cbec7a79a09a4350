package dev.vetro.proxy.admin;

import java.util.List;

/**
 * Whether the node should get new clients: ready only with every check passing. {@code reasons}
 * names each failing check in a short fixed phrase (served on {@code /readyz}; never secrets).
 */
public record Readiness(boolean ready, List<String> reasons) {
  public Readiness {
    reasons = List.copyOf(reasons);
  }

  public static Readiness of(List<String> failing) {
    return new Readiness(failing.isEmpty(), failing);
  }
}
