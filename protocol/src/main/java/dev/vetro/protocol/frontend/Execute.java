package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Runs a portal; {@code maxRows} 0 means no limit. */
public record Execute(String portal, int maxRows) implements FrontendMessage {
  public static final byte TYPE = 'E';

  public Execute {
    Objects.requireNonNull(portal, "portal");
  }

  public static Execute decode(ByteString payload) {
    PayloadReader r = new PayloadReader("Execute", payload);
    Execute e = new Execute(r.cstring(), r.int32());
    r.end();
    return e;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(portal).int32(maxRows).message(TYPE);
  }
}
