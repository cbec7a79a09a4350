package dev.vetro.proxy.session;

import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.backend.ErrorResponse;
import java.time.Duration;

/**
 * The FATAL errors of the limits a client connection runs under (PROXY_STARTUP_TIMEOUT_SECONDS,
 * PROXY_MAX_CLIENT_CONN, PROXY_CLIENT_WRITE_TIMEOUT_SECONDS, PROXY_IDLE_TIMEOUT_SECONDS), worded
 * and coded as PostgreSQL words its own where it has one.
 */
public final class ClientTimeouts {
  private ClientTimeouts() {}

  /** PostgreSQL's authentication_timeout: "canceling authentication due to timeout", 57014. */
  public static ClientFatal startup(Duration timeout) {
    return new ClientFatal(
        ErrorResponse.of(ErrorResponses.FATAL, "57014", "canceling authentication due to timeout")
            .withDetail(
                "The Vetro proxy closes connections that have not completed their startup and"
                    + " authentication within "
                    + timeout.toSeconds()
                    + " s (PROXY_STARTUP_TIMEOUT_SECONDS)."));
  }

  /** PostgreSQL's answer when max_connections is reached: 53300. */
  public static ClientFatal tooManyClients(int max) {
    return new ClientFatal(
        ErrorResponse.of(ErrorResponses.FATAL, "53300", "sorry, too many clients already")
            .withDetail(
                "The Vetro proxy serves at most "
                    + max
                    + " client connections (PROXY_MAX_CLIENT_CONN)."));
  }

  /**
   * The client did not take what was written to it in time; it does not read, so rarely sees it.
   */
  public static ClientFatal clientWrite(Duration timeout) {
    return new ClientFatal(
        ErrorResponse.of(
            ErrorResponses.FATAL,
            "08006",
            "vetro: the client did not read for "
                + timeout.toSeconds()
                + " s (PROXY_CLIENT_WRITE_TIMEOUT_SECONDS); session ended"));
  }

  /**
   * PostgreSQL's idle_session_timeout: 57P05, "terminating connection due to idle-session timeout".
   */
  public static ClientFatal idle(Duration timeout) {
    return new ClientFatal(
        ErrorResponse.of(
                ErrorResponses.FATAL, "57P05", "terminating connection due to idle-session timeout")
            .withDetail(
                "The Vetro proxy ends sessions that have waited for a command outside a transaction"
                    + " for "
                    + timeout.toSeconds()
                    + " s (PROXY_IDLE_TIMEOUT_SECONDS)."));
  }
}
