package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** The server starts SSPI authentication. */
public record AuthenticationSspi() implements Authentication {
  public static final int CODE = 9;
  public static final AuthenticationSspi INSTANCE = new AuthenticationSspi();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, ByteString.emptyByteString());
  }
}
