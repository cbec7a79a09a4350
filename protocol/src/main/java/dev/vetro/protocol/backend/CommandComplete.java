package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** A statement finished; {@code tag} is e.g. "INSERT 0 1" or "SELECT 3". */
public record CommandComplete(String tag) implements BackendMessage {
  public static final byte TYPE = 'C';

  public CommandComplete {
    Objects.requireNonNull(tag, "tag");
  }

  public static CommandComplete decode(ByteString payload) {
    PayloadReader r = new PayloadReader("CommandComplete", payload);
    CommandComplete c = new CommandComplete(r.cstring());
    r.end();
    return c;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(tag).message(TYPE);
  }
}
