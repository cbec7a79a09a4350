package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Result of a FunctionCall; null is SQL NULL. */
public record FunctionCallResponse(ByteString result) implements BackendMessage {
  public static final byte TYPE = 'V';

  public static FunctionCallResponse decode(ByteString payload) {
    PayloadReader r = new PayloadReader("FunctionCallResponse", payload);
    FunctionCallResponse f = new FunctionCallResponse(r.nullableBytes());
    r.end();
    return f;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().nullableBytes(result).message(TYPE);
  }
}
