package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** A chunk of COPY FROM STDIN data; opaque bytes. */
public record CopyData(ByteString data) implements FrontendMessage {
  public static final byte TYPE = 'd';

  public CopyData {
    Objects.requireNonNull(data, "data");
  }

  public static CopyData decode(ByteString payload) {
    return new CopyData(payload);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().bytes(data).message(TYPE);
  }
}
