package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Extended-protocol statement preparation. {@code name} is empty for the unnamed statement; {@code
 * parameterTypes} are type OIDs (0 = unspecified; OIDs are unsigned, kept as int bits).
 */
public record Parse(String name, String query, List<Integer> parameterTypes)
    implements FrontendMessage {
  public static final byte TYPE = 'P';

  public Parse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(query, "query");
    parameterTypes = List.copyOf(parameterTypes);
  }

  public static Parse decode(ByteString payload) {
    return decode(payload, null);
  }

  /**
   * Reads the payload with its strings in {@code charset}, the session's {@code client_encoding}
   * (see {@link PayloadReader}); {@link #decode(ByteString)} is strict UTF-8.
   */
  public static Parse decode(ByteString payload, Charset charset) {
    PayloadReader r = new PayloadReader("Parse", payload, charset);
    String name = r.cstring();
    String query = r.cstring();
    int n = r.uint16();
    if (n == 0) { // libpq without explicit types: no list to build on the per-statement path
      r.end();
      return new Parse(name, query, List.of());
    }
    List<Integer> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      types.add(r.int32());
    }
    r.end();
    return new Parse(name, query, types);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(name).cstring(query).int32s(parameterTypes).message(TYPE);
  }
}
