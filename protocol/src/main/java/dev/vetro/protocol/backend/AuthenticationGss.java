package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** The server starts GSSAPI authentication. */
public record AuthenticationGss() implements Authentication {
  public static final int CODE = 7;
  public static final AuthenticationGss INSTANCE = new AuthenticationGss();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, ByteString.emptyByteString());
  }
}
