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

  public static Optional<ErrorResponse> forClient(Throwable reason) {
    if (reason instanceof ClientFatal fatal) {
      return Optional.of(fatal.response());
    }
    if (reason instanceof ProtocolException e) {
      return Optional.of(ErrorResponse.of(ErrorResponses.FATAL, e.sqlState(), "vetro: " + e.getMessage()));
    }
    if (reason instanceof UpstreamFailure e) {
      return Optional.of(ErrorResponse.of(ErrorResponses.FATAL, e.sqlState(), e.getMessage()));
    }
    if (reason instanceof AdminShutdown) {
      return Optional.of(ErrorResponse.of(ErrorResponses.FATAL, ADMIN_SHUTDOWN,
          "terminating connection due to administrator command")
          .withDetail("The vetro proxy is shutting down."));
    }
    if (reason instanceof StreamTcpException) {
      return Optional.empty(); // the client's socket broke: nobody to tell
    }
    return Optional.of(ErrorResponse.of(ErrorResponses.FATAL, "XX000",
        "vetro: internal proxy error (" + reason.getClass().getSimpleName() + ")"));
  }
}
