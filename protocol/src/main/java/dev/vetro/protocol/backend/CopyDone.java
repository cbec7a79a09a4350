package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** End of COPY TO STDOUT data. */
public record CopyDone() implements BackendMessage {
  public static final byte TYPE = 'c';
  public static final CopyDone INSTANCE = new CopyDone();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static CopyDone decode(ByteString payload) {
    new PayloadReader("CopyDone", payload).end();
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
