package dev.vetro.proxy.upstream;

import javax.net.ssl.SSLException;
import org.apache.pekko.stream.StreamTcpException;

/**
 * The proxy could not give the client a working hop to PostgreSQL. The message is written for the
 * client's user (it becomes the text of a FATAL ErrorResponse), so it names the address and cause.
 */
public final class UpstreamFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** sqlclient_unable_to_establish_sqlconnection: libpq's code for "could not connect". */
  public static final String UNABLE_TO_CONNECT = "08001";

  /** connection_failure: an established hop broke. */
  public static final String CONNECTION_FAILURE = "08006";

  private final String sqlState;

  private UpstreamFailure(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }

  public static UpstreamFailure unreachable(String address, String reason, Throwable cause) {
    return new UpstreamFailure(
        UNABLE_TO_CONNECT,
        "vetro: cannot reach upstream PostgreSQL at " + address + ": " + reason,
        cause);
  }

  public static UpstreamFailure tlsRefused(String address) {
    return new UpstreamFailure(
        UNABLE_TO_CONNECT,
        "vetro: upstream PostgreSQL at "
            + address
            + " does not accept TLS (it answered 'N' to"
            + " SSLRequest) but UPSTREAM_PG_SSLMODE requires it; enable ssl on the server or set"
            + " UPSTREAM_PG_SSLMODE=disable",
        null);
  }

  public static UpstreamFailure tlsNegotiation(String address, String problem) {
    return new UpstreamFailure(
        UNABLE_TO_CONNECT,
        "vetro: TLS negotiation with upstream PostgreSQL at " + address + " failed: " + problem,
        null);
  }

  public static UpstreamFailure tlsHandshake(String address, Throwable cause) {
    return new UpstreamFailure(
        UNABLE_TO_CONNECT,
        "vetro: TLS handshake with upstream PostgreSQL at "
            + address
            + " failed: "
            + rootMessage(cause),
        cause);
  }

  public static UpstreamFailure broken(String address, Throwable cause) {
    return new UpstreamFailure(
        CONNECTION_FAILURE,
        "vetro: connection to upstream PostgreSQL at " + address + " failed: " + rootMessage(cause),
        cause);
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /**
   * What a failure of the upstream hop means for the client. Whether the server said anything yet
   * decides between "cannot reach" and "broke": the transport's exceptions carry no type for that,
   * and a refused connect never delivers a byte. Shared by both relays.
   */
  public static Throwable translate(String address, Throwable ex, boolean received) {
    if (ex instanceof UpstreamFailure) {
      return ex;
    }
    if (ex instanceof SSLException) {
      return tlsHandshake(address, ex);
    }
    if (ex instanceof StreamTcpException && !received) {
      return unreachable(address, tcpReason(ex.getMessage()), ex);
    }
    return broken(address, ex);
  }

  /**
   * Pekko reports "Tcp command [Connect(...)] failed because of java.net.ConnectException:
   * Connection refused"; the user wants the last part only.
   */
  static String tcpReason(String message) {
    if (message == null) {
      return "connection failed";
    }
    int because = message.lastIndexOf("because of ");
    String reason = because >= 0 ? message.substring(because + "because of ".length()) : message;
    int colon = reason.indexOf(": ");
    if (colon > 0 && reason.substring(0, colon).matches("[\\w.$]+(Exception|Error)")) {
      reason = reason.substring(colon + 2);
    } else if (reason.matches("[\\w.$]+(Exception|Error)")) {
      reason = reason.substring(reason.lastIndexOf('.') + 1);
    }
    return reason;
  }
}
