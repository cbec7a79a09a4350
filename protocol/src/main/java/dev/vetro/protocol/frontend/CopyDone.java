package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Ends COPY FROM STDIN data. */
public record CopyDone() implements FrontendMessage {
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
