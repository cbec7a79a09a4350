package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** Execute stopped at its row limit; the portal can be executed again. */
public record PortalSuspended() implements BackendMessage {
  public static final byte TYPE = 's';
  public static final PortalSuspended INSTANCE = new PortalSuspended();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static PortalSuspended decode(ByteString payload) {
    new PayloadReader("PortalSuspended", payload).end();
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
