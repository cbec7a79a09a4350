package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** The server wants the password in clear text. */
public record AuthenticationCleartextPassword() implements Authentication {
  public static final int CODE = 3;
  public static final AuthenticationCleartextPassword INSTANCE =
      new AuthenticationCleartextPassword();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, ByteString.emptyByteString());
  }
}
