package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Asks whether the server will do TLS; the answer is a single byte 'S' or 'N'. */
public record SslRequest() implements StartupPacket {
  public static final SslRequest INSTANCE = new SslRequest();

  static SslRequest decodeBody(ByteString body) {
    if (!body.isEmpty()) {
      throw ProtocolException.violation(
          "SSLRequest declares length " + (8 + body.length()) + ", expected 8");
    }
    return INSTANCE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32(SSL_REQUEST_CODE).untyped();
  }
}
