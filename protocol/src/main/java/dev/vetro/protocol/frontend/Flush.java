package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Asks the server to send what it has buffered. */
public record Flush() implements FrontendMessage {
  public static final byte TYPE = 'H';
  public static final Flush INSTANCE = new Flush();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static Flush decode(ByteString payload) {
    new PayloadReader("Flush", payload).end();
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
