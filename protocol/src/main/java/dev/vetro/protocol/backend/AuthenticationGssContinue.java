package dev.vetro.protocol.backend;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** GSSAPI or SSPI token from the server. */
public record AuthenticationGssContinue(ByteString data) implements Authentication {
  public static final int CODE = 8;

  public AuthenticationGssContinue {
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
