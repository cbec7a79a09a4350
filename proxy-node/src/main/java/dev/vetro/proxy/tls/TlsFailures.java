package dev.vetro.proxy.tls;

import javax.net.ssl.SSLException;

/** Tells a failed TLS handshake from the other ways a TLS connection ends (for the metrics). */
public final class TlsFailures {
  private TlsFailures() {}

  /**
   * True when {@code failure} (or a cause of it) is TLS refusing the peer: an unknown certificate,
   * no common protocol or cipher, a peer that speaks something else than TLS (the JDK reports that
   * one as a plain SSLException, not an SSLHandshakeException, hence the wider type; after the
   * handshake the JDK raises it only for a corrupted record). A peer that merely went away is not
   * one.
   */
  public static boolean isHandshakeFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }
}
