package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Binds parameter values to a prepared statement, creating a portal. A null entry in {@code
 * parameters} is SQL NULL (length -1 on the wire). Format codes: 0 text, 1 binary.
 */
public record Bind(
    String portal,
    String statement,
    List<Short> parameterFormats,
    List<ByteString> parameters,
    List<Short> resultFormats)
    implements FrontendMessage {
  public static final byte TYPE = 'B';

  public Bind {
    Objects.requireNonNull(portal, "portal");
    Objects.requireNonNull(statement, "statement");
    parameterFormats = List.copyOf(parameterFormats);
    // Nulls are meaningful here (SQL NULL), and List.copyOf refuses them.
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    resultFormats = List.copyOf(resultFormats);
  }

  public static Bind decode(ByteString payload) {
    return decode(payload, null);
  }

  /**
   * Reads the payload with its strings in {@code charset}, the session's {@code client_encoding}
   * (see {@link PayloadReader}); {@link #decode(ByteString)} is strict UTF-8.
   */
  public static Bind decode(ByteString payload, Charset charset) {
    PayloadReader r = new PayloadReader("Bind", payload, charset);
    String portal = r.cstring();
    String statement = r.cstring();
    List<Short> formats = readFormats(r);
    int n = r.uint16();
    List<ByteString> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(r.nullableBytes());
    }
    List<Short> resultFormats = readFormats(r);
    r.end();
    return new Bind(portal, statement, formats, values, resultFormats);
  }

  static List<Short> readFormats(PayloadReader r) {
    int n = r.uint16();
    List<Short> formats = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      formats.add(r.int16());
    }
    return formats;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    WireWriter w =
        new WireWriter()
            .cstring(portal)
            .cstring(statement)
            .int16s(parameterFormats)
            .int16(parameters.size());
    for (ByteString p : parameters) {
      w.nullableBytes(p);
    }
    return w.int16s(resultFormats).message(TYPE);
  }
}
