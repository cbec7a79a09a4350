package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * A run-time parameter the client should know (server_version, client_encoding,
 * standard_conforming_strings, ...). The lexer's reading of string literals depends on the last.
 */
public record ParameterStatus(String name, String value) implements BackendMessage {
  public static final byte TYPE = 'S';

  public ParameterStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  public static ParameterStatus decode(ByteString payload) {
    PayloadReader r = new PayloadReader("ParameterStatus", payload);
    ParameterStatus p = new ParameterStatus(r.cstring(), r.cstring());
    r.end();
    return p;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().cstring(name).cstring(value).message(TYPE);
  }
}
