package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Close succeeded. */
public record CloseComplete() implements BackendMessage {
  public static final byte TYPE = '3';
  public static final CloseComplete INSTANCE = new CloseComplete();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static CloseComplete decode(ByteString payload) {
    new PayloadReader("CloseComplete", payload).end();
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
