package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** All 'R' messages: an int32 code picks the variant. */
public sealed interface Authentication extends BackendMessage
    permits AuthenticationOk,
        AuthenticationKerberosV5,
        AuthenticationCleartextPassword,
        AuthenticationMd5Password,
        AuthenticationGss,
        AuthenticationGssContinue,
        AuthenticationSspi,
        AuthenticationSasl,
        AuthenticationSaslContinue,
        AuthenticationSaslFinal {
  byte TYPE = 'R';

  /** The int32 code after the length word. */
  int code();

  @Override
  default byte type() {
    return TYPE;
  }

  static Authentication decode(ByteString payload) {
    PayloadReader r = new PayloadReader("Authentication", payload);
    int code = r.int32();
    Authentication a;
    switch (code) {
      case AuthenticationOk.CODE:
        a = AuthenticationOk.INSTANCE;
        break;
      case AuthenticationKerberosV5.CODE:
        a = AuthenticationKerberosV5.INSTANCE;
        break;
      case AuthenticationCleartextPassword.CODE:
        a = AuthenticationCleartextPassword.INSTANCE;
        break;
      case AuthenticationMd5Password.CODE:
        a = new AuthenticationMd5Password(r.bytes(4));
        break;
      case AuthenticationGss.CODE:
        a = AuthenticationGss.INSTANCE;
        break;
      case AuthenticationGssContinue.CODE:
        a = new AuthenticationGssContinue(r.rest());
        break;
      case AuthenticationSspi.CODE:
        a = AuthenticationSspi.INSTANCE;
        break;
      case AuthenticationSasl.CODE:
        a = new AuthenticationSasl(readMechanisms(r));
        break;
      case AuthenticationSaslContinue.CODE:
        a = new AuthenticationSaslContinue(r.rest());
        break;
      case AuthenticationSaslFinal.CODE:
        a = new AuthenticationSaslFinal(r.rest());
        break;
      default:
        throw ProtocolException.violation("unknown authentication request code " + code);
    }
    r.end();
    return a;
  }

  private static List<String> readMechanisms(PayloadReader r) {
    List<String> names = new ArrayList<>();
    for (String name = r.cstring(); !name.isEmpty(); name = r.cstring()) {
      names.add(name);
    }
    return names;
  }

  /** Shared framing: code then variant-specific bytes. */
  static ByteString encode(int code, ByteString rest) {
    return new WireWriter().int32(code).bytes(rest).message(TYPE);
  }
}
