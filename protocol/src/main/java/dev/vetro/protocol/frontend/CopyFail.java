package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Aborts COPY FROM STDIN with a reason the server puts in its error. */
public record CopyFail(String message) implements FrontendMessage {
  public static final byte TYPE = 'f';

  public CopyFail {
    Objects.requireNonNull(message, "message");
  }

  public static CopyFail decode(ByteString payload) {
    PayloadReader r = new PayloadReader("CopyFail", payload);
    CopyFail f = new CopyFail(r.cstring());
    r.end();
    return f;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(message).message(TYPE);
  }
}
