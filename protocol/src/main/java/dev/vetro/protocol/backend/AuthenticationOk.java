package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** Authentication succeeded (startup continues with ParameterStatus etc.). */
public record AuthenticationOk() implements Authentication {
  public static final int CODE = 0;
  public static final AuthenticationOk INSTANCE = new AuthenticationOk();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, ByteString.emptyByteString());
  }
}
