package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Closes the session. */
public record Terminate() implements FrontendMessage {
  public static final byte TYPE = 'X';
  public static final Terminate INSTANCE = new Terminate();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static Terminate decode(ByteString payload) {
    new PayloadReader("Terminate", payload).end();
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
