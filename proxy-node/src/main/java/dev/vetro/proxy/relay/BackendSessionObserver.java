package dev.vetro.proxy.relay;

import dev.vetro.protocol.SaslMechanisms;
import dev.vetro.protocol.Segment;
import dev.vetro.protocol.backend.AuthenticationSasl;
import dev.vetro.protocol.backend.BackendKeyData;
import dev.vetro.proxy.cancel.CancelKey;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Server → client interceptor of this release: relays everything unchanged except the SASL
 * mechanism list, from which -PLUS is removed (a channel-binding client would bind to a TLS session
 * the server never sees), and keeps the session's state current: auth progress, cancel key,
 * transaction status, standard_conforming_strings, client_encoding. ErrorResponse is captured for
 * the next step, where a blocked statement's sentinel error is rewritten into Vetro's own.
 */
public final class BackendSessionObserver implements MessageInterceptor {
  /** Authentication, BackendKeyData, ReadyForQuery, ParameterStatus, ErrorResponse. */
  static final Set<Byte> CAPTURED =
      Set.of((byte) 'R', (byte) 'K', (byte) 'Z', (byte) 'S', (byte) 'E');

  private static final int AUTH_OK = 0;
  private static final int AUTH_SASL = 10;

  @Override
  public Set<Byte> capturedTypes() {
    return CAPTURED;
  }

  @Override
  public ByteString onMessage(Segment.Captured message, SessionContext session) {
    ByteString bytes = message.message();
    switch (message.type()) {
      case 'Z' -> {
        if (bytes.length() == 6) {
          session.transactionStatus((char) bytes.apply(5));
        }
      }
      case 'R' -> {
        return onAuthentication(message, session);
      }
      case 'K' -> {
        BackendKeyData key = (BackendKeyData) message.decodeBackend();
        session.tell(
            new SessionActor.BackendKeyReceived(new CancelKey(key.processId(), key.secretKey())));
      }
      case 'S' -> onParameterStatus(message.payload(), session);
      default -> {
        // ErrorResponse: relayed unchanged for now.
      }
    }
    return bytes;
  }

  /**
   * Only the two settings the proxy needs are read, and as ASCII: other values (application_name,
   * for one) come in the client's encoding, which a strict UTF-8 decode would take for a broken
   * server and end the session over.
   */
  private static void onParameterStatus(ByteString payload, SessionContext session) {
    int nameEnd = payload.indexOf((byte) 0);
    int valueEnd = nameEnd < 0 ? -1 : payload.indexOf((byte) 0, nameEnd + 1);
    if (valueEnd < 0) {
      return; // malformed: relayed as is, the client's own parser reports it, as without a proxy
    }
    String name = payload.slice(0, nameEnd).decodeString(StandardCharsets.US_ASCII);
    if (name.equals("standard_conforming_strings")) {
      session.standardConformingStrings(
          payload
              .slice(nameEnd + 1, valueEnd)
              .decodeString(StandardCharsets.US_ASCII)
              .equals("on"));
    } else if (name.equals("client_encoding")) {
      session.clientEncoding(
          payload.slice(nameEnd + 1, valueEnd).decodeString(StandardCharsets.US_ASCII));
    }
  }

  private ByteString onAuthentication(Segment.Captured message, SessionContext session) {
    ByteString bytes = message.message();
    if (bytes.length() < 9) {
      return bytes; // malformed: let the client's own parser report it, as without a proxy
    }
    int code = bytes.drop(5).iterator().getInt(ByteOrder.BIG_ENDIAN);
    if (code == AUTH_OK) {
      session.markAuthenticated();
    } else if (code == AUTH_SASL) {
      session.markSaslOffered();
      // Stripped on every client hop, not only a TLS-terminated one: the client's TLS session
      // (if any) is never the server's, and libpq refuses a -PLUS offer on a plain connection
      // outright ("server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection").
      AuthenticationSasl offer = (AuthenticationSasl) message.decodeBackend();
      AuthenticationSasl stripped = SaslMechanisms.withoutPlus(offer);
      if (!stripped.equals(offer)) {
        return stripped.encode();
      }
    }
    return bytes;
  }
}
