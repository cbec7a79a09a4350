package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.WireWriter;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** The server offers SASL mechanisms, in its order of preference. */
public record AuthenticationSasl(List<String> mechanisms) implements Authentication {
  public static final int CODE = 10;

  public AuthenticationSasl {
    mechanisms = List.copyOf(mechanisms);
    for (String m : mechanisms) {
      if (m.isEmpty()) {
        // An empty name is the list terminator on the wire.
        throw new IllegalArgumentException("empty SASL mechanism name");
      }
    }
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public ByteString encode() {
    WireWriter w = new WireWriter().int32(CODE);
    mechanisms.forEach(w::cstring);
    return w.int8(0).message(TYPE);
  }
}
