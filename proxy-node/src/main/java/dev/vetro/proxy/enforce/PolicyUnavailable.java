package dev.vetro.proxy.enforce;

import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.backend.ErrorResponse;

/**
 * The FATAL a new session gets while the node fails closed (a control plane is configured, it has
 * not answered, no last-known-good policy is stored). SQLSTATE 57P03 (cannot_connect_now) is what
 * PostgreSQL answers while it starts up: drivers and poolers treat it as "try again shortly".
 */
public final class PolicyUnavailable {
  public static final String SQLSTATE = "57P03";

  private PolicyUnavailable() {}

  public static ErrorResponse fatal(String reason) {
    return ErrorResponse.of(
            ErrorResponses.FATAL, SQLSTATE, "vetro: no policy to enforce yet: " + reason)
        .withDetail("The proxy does not serve statements it cannot judge by the database's policy.")
        .withHint(
            "Make the control plane reachable from the proxy; or set"
                + " VETRO_POLICY_UNAVAILABLE=default_catalog to enforce the default rule catalog"
                + " meanwhile.");
  }
}
