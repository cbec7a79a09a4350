package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Type 'p' carries a password, a GSSAPI/SSPI token, or a SASL message; only the authentication
 * state tells which, so the payload stays raw here. Read it through {@link #password()}, {@link
 * SaslInitialResponse#from(PasswordMessage)} or {@link SaslResponse#from(PasswordMessage)}.
 */
public record PasswordMessage(ByteString payload) implements FrontendMessage {
  public static final byte TYPE = 'p';

  public PasswordMessage {
    Objects.requireNonNull(payload, "payload");
  }

  public static PasswordMessage decode(ByteString payload) {
    return new PasswordMessage(payload);
  }

  /** A cleartext or MD5 password message. */
  public static PasswordMessage ofPassword(String password) {
    return new PasswordMessage(new WireWriter().cstring(password).message(TYPE).drop(5));
  }

  /** The payload read as a NUL-terminated password (cleartext or "md5..." hash). */
  public String password() {
    PayloadReader r = new PayloadReader("PasswordMessage", payload);
    String p = r.cstring();
    r.end();
    return p;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().bytes(payload).message(TYPE);
  }
}
