package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Ends an extended-protocol batch; the server answers ReadyForQuery. */
public record Sync() implements FrontendMessage {
  public static final byte TYPE = 'S';
  public static final Sync INSTANCE = new Sync();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static Sync decode(ByteString payload) {
    new PayloadReader("Sync", payload).end();
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
