package dev.vetro.protocol.backend;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** The server wants an MD5-hashed password, salted with these 4 bytes. */
public record AuthenticationMd5Password(ByteString salt) implements Authentication {
  public static final int CODE = 5;

  public AuthenticationMd5Password {
    Objects.requireNonNull(salt, "salt");
    if (salt.length() != 4) {
      throw new IllegalArgumentException("MD5 salt must be 4 bytes, got " + salt.length());
    }
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, salt);
  }
}
