package dev.vetro.proxy.session;

import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.util.Optional;
import org.apache.pekko.stream.StreamTcpException;

/**
 * What the client is told when its session ends because of {@code reason}. Empty when there is
 * nobody left to tell (the client's own socket failed).
 */
public final class FatalErrors {
  private FatalErrors() {}

  /** admin_shutdown, what PostgreSQL sends on a fast shutdown. */
  public static final String ADMIN_SHUTDOWN = "57P01";

  /*
   * An inspected client message (Query, Parse, FunctionCall, Sync, Close, password; Bind after a policy change) above
   * PROXY_MAX_MESSAGE_BYTES ends the session, with FATAL, not ERROR: the proxy refuses to
   * assemble it (that is the memory bound), so it cannot judge it, must not forward it unjudged,
   * and would have to drop the rest of its bytes as they arrive while telling the server to skip
   * to the next Sync; the scanner cannot drop part of a message today, and answering ERROR while
   * the client's bytes are half forwarded would leave client and server reading different
   * message boundaries. Only this session ends; others never see it.
   */
  static final String OVERSIZED_DETAIL =
      "The Vetro proxy reads Query, Parse and FunctionCall messages (and Bind after a policy change) whole"
          + " to judge them, up to PROXY_MAX_MESSAGE_BYTES, and ends the session when one is larger.";
  static final String OVERSIZED_HINT =
      "Send less in one message (e.g. split a large batch or parameter), or raise"
          + " PROXY_MAX_MESSAGE_BYTES on the proxy.";

  private static boolean isOversizedClientMessage(ProtocolException e) {
    return "54000".equals(e.sqlState())
        && e.getMessage() != null
        && e.getMessage().startsWith("frontend message");
  }

  public static Optional<ErrorResponse> forClient(Throwable reason) {
    if (reason instanceof ClientFatal fatal) {
      return Optional.of(fatal.response());
    }
    if (reason instanceof ProtocolException e) {
      ErrorResponse fatal =
          ErrorResponse.of(ErrorResponses.FATAL, e.sqlState(), "vetro: " + e.getMessage());
      return Optional.of(
          isOversizedClientMessage(e)
              ? fatal.withDetail(OVERSIZED_DETAIL).withHint(OVERSIZED_HINT)
              : fatal);
    }
    if (reason instanceof UpstreamFailure e) {
      return Optional.of(ErrorResponse.of(ErrorResponses.FATAL, e.sqlState(), e.getMessage()));
    }
    if (reason instanceof AdminShutdown) {
      return Optional.of(
          ErrorResponse.of(
                  ErrorResponses.FATAL,
                  ADMIN_SHUTDOWN,
                  "terminating connection due to administrator command")
              .withDetail("The vetro proxy is shutting down."));
    }
    if (reason instanceof StreamTcpException) {
      return Optional.empty(); // the client's socket broke: nobody to tell
    }
    return Optional.of(
        ErrorResponse.of(
            ErrorResponses.FATAL,
            "XX000",
            "vetro: internal proxy error (" + reason.getClass().getSimpleName() + ")"));
  }
}
