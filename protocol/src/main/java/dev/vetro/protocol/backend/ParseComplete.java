package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Parse succeeded. */
public record ParseComplete() implements BackendMessage {
  public static final byte TYPE = '1';
  public static final ParseComplete INSTANCE = new ParseComplete();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static ParseComplete decode(ByteString payload) {
    new PayloadReader("ParseComplete", payload).end();
    return INSTANCE;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return WIRE;
  }
}
