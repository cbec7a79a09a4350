package dev.vetro.proxy.relay;

import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.Gs2Header;
import dev.vetro.protocol.Segment;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.frontend.SaslInitialResponse;
import dev.vetro.proxy.session.ClientFatal;
import dev.vetro.proxy.session.SessionContext;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Client → server interceptor of this release: forwards every message unchanged, except a SCRAM
 * start that is bound to fail upstream. A libpq client on TLS that is not offered -PLUS sends the
 * gs2 flag 'y' ("I could bind, I think you cannot"); a TLS upstream then sees a downgrade and
 * rejects it with the opaque "SCRAM channel binding negotiation error". The flag is covered by the
 * client's proof, so it cannot be rewritten: the user gets the fix instead.
 *
 * <p>Query, Parse, FunctionCall and Sync are captured already so that enforcement can plug in here;
 * Bind and CopyData are not, so large parameters and COPY streams are never bounded by
 * PROXY_MAX_MESSAGE_BYTES (the sentinel approach does not need to read them: the backend itself
 * discards until Sync after a failed Parse).
 */
public final class FrontendAuthGuard implements MessageInterceptor {
  /** Query, Parse, FunctionCall, Sync, Terminate and password/SASL messages. */
  static final Set<Byte> CAPTURED =
      Set.of((byte) 'Q', (byte) 'P', (byte) 'F', (byte) 'S', (byte) 'X', (byte) 'p');

  @Override
  public Set<Byte> capturedTypes() {
    return CAPTURED;
  }

  @Override
  public ByteString onMessage(Segment.Captured message, SessionContext session) {
    if (message.type() == 'p' && session.saslOffered()) {
      // Only the first 'p' after AuthenticationSASL is a SASLInitialResponse.
      session.markSaslStarted();
      if (session.upstreamTls()) {
        SaslInitialResponse start = SaslInitialResponse.decode(message.payload());
        if (start.data() != null && Gs2Header.parse(start.data()).flag() == 'y') {
          throw new ClientFatal(channelBindingError(session.clientTls()));
        }
      }
    }
    return message.message();
  }

  static ErrorResponse channelBindingError(boolean clientTls) {
    return ErrorResponse.of(
            ErrorResponses.FATAL,
            "08P01",
            "vetro: SCRAM channel binding cannot pass through the proxy: the client supports channel"
                + " binding, but the TLS session it would bind to ends at the proxy, so the upstream"
                + " server would reject the login (\"SCRAM channel binding negotiation error\")")
        .withHint(
            clientTls
                ? "Set channel_binding=disable in the client's connection settings (libpq, psql,"
                    + " psycopg), or connect to the proxy without TLS inside the trusted network boundary."
                : "Set channel_binding=disable in the client's connection settings.");
  }
}
