package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Asks for the description of a prepared statement ('S') or portal ('P'). */
public record Describe(char target, String name) implements FrontendMessage {
  public static final byte TYPE = 'D';

  public Describe {
    Target.require("Describe", target);
    Objects.requireNonNull(name, "name");
  }

  public boolean isPortal() {
    return target == 'P';
  }

  public static Describe decode(ByteString payload) {
    PayloadReader r = new PayloadReader("Describe", payload);
    char target = Target.check("Describe", r.int8());
    Describe m = new Describe(target, r.cstring());
    r.end();
    return m;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int8(target).cstring(name).message(TYPE);
  }
}
