package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Typed view of a later 'p' message in a SASL exchange: opaque mechanism data. */
public record SaslResponse(ByteString data) {

  public SaslResponse {
    Objects.requireNonNull(data, "data");
  }

  public static SaslResponse decode(ByteString payload) {
    return new SaslResponse(payload);
  }

  public static SaslResponse from(PasswordMessage message) {
    return decode(message.payload());
  }

  public PasswordMessage toPasswordMessage() {
    return new PasswordMessage(data);
  }

  public ByteString encode() {
    return new WireWriter().bytes(data).message(PasswordMessage.TYPE);
  }
}
