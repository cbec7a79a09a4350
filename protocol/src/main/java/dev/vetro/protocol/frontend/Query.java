package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Simple-protocol query: one string that may hold several statements. */
public record Query(String sql) implements FrontendMessage {
  public static final byte TYPE = 'Q';

  public Query {
    Objects.requireNonNull(sql, "sql");
  }

  public static Query decode(ByteString payload) {
    return decode(payload, null);
  }

  /**
   * Reads the payload with its strings in {@code charset}, the session's {@code client_encoding}
   * (see {@link PayloadReader}); {@link #decode(ByteString)} is strict UTF-8.
   */
  public static Query decode(ByteString payload, Charset charset) {
    PayloadReader r = new PayloadReader("Query", payload, charset);
    Query q = new Query(r.cstring());
    r.end();
    return q;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(sql).message(TYPE);
  }
}
