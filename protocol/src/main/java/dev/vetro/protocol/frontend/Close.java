package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Closes a prepared statement ('S') or portal ('P'); the empty name is the unnamed one. */
public record Close(char target, String name) implements FrontendMessage {
  public static final byte TYPE = 'C';

  public Close {
    Target.require("Close", target);
    Objects.requireNonNull(name, "name");
  }

  public boolean isPortal() {
    return target == 'P';
  }

  public static Close decode(ByteString payload) {
    return decode(payload, null);
  }

  /**
   * Reads the payload with its strings in {@code charset}, the session's {@code client_encoding}
   * (see {@link PayloadReader}); {@link #decode(ByteString)} is strict UTF-8.
   */
  public static Close decode(ByteString payload, Charset charset) {
    PayloadReader r = new PayloadReader("Close", payload, charset);
    char target = Target.check("Close", r.int8());
    Close m = new Close(target, r.cstring());
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
