package dev.vetro.protocol.backend;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** SASL challenge (for SCRAM, the server-first-message). */
public record AuthenticationSaslContinue(ByteString data) implements Authentication {
  public static final int CODE = 11;

  public AuthenticationSaslContinue {
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
