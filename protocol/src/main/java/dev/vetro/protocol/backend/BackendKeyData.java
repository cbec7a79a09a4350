package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * The process id and cancel key a client must present in a CancelRequest. The key is 4 bytes in
 * protocol 3.0 and 4 to 256 bytes in 3.2 (PostgreSQL 18 sends 32); kept as opaque bytes.
 */
public record BackendKeyData(int processId, ByteString secretKey) implements BackendMessage {
  public static final byte TYPE = 'K';
  public static final int MIN_KEY_LENGTH = 4;
  public static final int MAX_KEY_LENGTH = 256;

  public BackendKeyData {
    Objects.requireNonNull(secretKey, "secretKey");
    if (secretKey.length() < MIN_KEY_LENGTH || secretKey.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "cancel key of " + secretKey.length() + " bytes, expected 4 to 256");
    }
  }

  public static BackendKeyData decode(ByteString payload) {
    PayloadReader r = new PayloadReader("BackendKeyData", payload);
    int pid = r.int32();
    ByteString key = r.rest();
    if (key.length() < MIN_KEY_LENGTH || key.length() > MAX_KEY_LENGTH) {
      throw ProtocolException.violation(
          "BackendKeyData secret key must be 4 to 256 bytes, got " + key.length());
    }
    return new BackendKeyData(pid, key);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32(processId).bytes(secretKey).message(TYPE);
  }
}
