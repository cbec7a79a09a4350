package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Bind succeeded. */
public record BindComplete() implements BackendMessage {
  public static final byte TYPE = '2';
  public static final BindComplete INSTANCE = new BindComplete();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static BindComplete decode(ByteString payload) {
    new PayloadReader("BindComplete", payload).end();
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
