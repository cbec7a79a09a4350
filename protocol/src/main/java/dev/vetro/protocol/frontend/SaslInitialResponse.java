package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Typed view of the first 'p' message after AuthenticationSASL: the chosen mechanism and the
 * client's first message. {@code data} is null when the client sent no initial response (length
 * -1); SCRAM always sends one.
 */
public record SaslInitialResponse(String mechanism, ByteString data) {

  public SaslInitialResponse {
    Objects.requireNonNull(mechanism, "mechanism");
  }

  public static SaslInitialResponse decode(ByteString payload) {
    PayloadReader r = new PayloadReader("SASLInitialResponse", payload);
    SaslInitialResponse s = new SaslInitialResponse(r.cstring(), r.nullableBytes());
    r.end();
    return s;
  }

  public static SaslInitialResponse from(PasswordMessage message) {
    return decode(message.payload());
  }

  public PasswordMessage toPasswordMessage() {
    return new PasswordMessage(encode().drop(5));
  }

  public ByteString encode() {
    return new WireWriter().cstring(mechanism).nullableBytes(data).message(PasswordMessage.TYPE);
  }
}
