package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.TypeBytes;
import dev.vetro.protocol.wire.WireWriter;
import org.apache.pekko.util.ByteString;

/**
 * The server awaits a new command; {@code status} is 'I' idle, 'T' in a transaction, 'E' failed
 * transaction.
 */
public record ReadyForQuery(char status) implements BackendMessage {
  public static final byte TYPE = 'Z';
  public static final ReadyForQuery IDLE = new ReadyForQuery('I');
  public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery('T');
  public static final ReadyForQuery FAILED_TRANSACTION = new ReadyForQuery('E');

  public ReadyForQuery {
    if (status != 'I' && status != 'T' && status != 'E') {
      throw new IllegalArgumentException(
          "transaction status must be 'I', 'T' or 'E', got '" + status + "'");
    }
  }

  public static ReadyForQuery decode(ByteString payload) {
    PayloadReader r = new PayloadReader("ReadyForQuery", payload);
    byte s = r.int8();
    r.end();
    switch (s) {
      case 'I':
        return IDLE;
      case 'T':
        return IN_TRANSACTION;
      case 'E':
        return FAILED_TRANSACTION;
      default:
        throw ProtocolException.violation(
            "ReadyForQuery has unknown transaction status " + TypeBytes.describe(s));
    }
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int8(status).message(TYPE);
  }
}
