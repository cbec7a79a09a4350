package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/** The query string was empty (sent instead of CommandComplete). */
public record EmptyQueryResponse() implements BackendMessage {
  public static final byte TYPE = 'I';
  public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();
  private static final ByteString WIRE = WireWriter.empty(TYPE);

  public static EmptyQueryResponse decode(ByteString payload) {
    new PayloadReader("EmptyQueryResponse", payload).end();
    return INSTANCE;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return WIRE;
  }
}
