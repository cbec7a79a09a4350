package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** Kerberos V5 requested (unsupported by modern servers; relayed as is). */
public record AuthenticationKerberosV5() implements Authentication {
  public static final int CODE = 2;
  public static final AuthenticationKerberosV5 INSTANCE = new AuthenticationKerberosV5();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    return Authentication.encode(CODE, ByteString.emptyByteString());
  }
}
