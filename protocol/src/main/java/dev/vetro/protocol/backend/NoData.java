package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Describe found a statement or portal that returns no rows. */
public record NoData() implements BackendMessage {
  public static final byte TYPE = 'n';
  public static final NoData INSTANCE = new NoData();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static NoData decode(ByteString payload) {
    new PayloadReader("NoData", payload).end();
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
