package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Asks whether the server will do GSSAPI encryption; the answer is a single byte 'G' or 'N'. */
public record GssEncRequest() implements StartupPacket {
  public static final GssEncRequest INSTANCE = new GssEncRequest();

  static GssEncRequest decodeBody(ByteString body) {
    if (!body.isEmpty()) {
      throw ProtocolException.violation(
          "GSSENCRequest declares length " + (8 + body.length()) + ", expected 8");
    }
    return INSTANCE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32(GSSENC_REQUEST_CODE).untyped();
  }
}
