package dev.vetro.protocol.backend;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** SASL outcome data (for SCRAM, the server signature). */
public record AuthenticationSaslFinal(ByteString data) implements Authentication {
  public static final int CODE = 12;

  public AuthenticationSaslFinal {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, data);
  }
}
