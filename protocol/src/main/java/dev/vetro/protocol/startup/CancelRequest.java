package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Cancels the query running on another connection. The secret key is 4 bytes in protocol 3.0 and 4
 * to 256 bytes in protocol 3.2 (PostgreSQL 18); the packet length is the only thing that says
 * which, so the key is kept as opaque bytes.
 */
public record CancelRequest(int processId, ByteString secretKey) implements StartupPacket {
  public static final int MIN_KEY_LENGTH = 4;
  public static final int MAX_KEY_LENGTH = 256;

  public CancelRequest {
    Objects.requireNonNull(secretKey, "secretKey");
    if (secretKey.length() < MIN_KEY_LENGTH || secretKey.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "cancel key of "
              + secretKey.length()
              + " bytes, expected "
              + MIN_KEY_LENGTH
              + " to "
              + MAX_KEY_LENGTH);
    }
  }

  static CancelRequest decodeBody(ByteString body) {
    int keyLength = body.length() - 4;
    if (keyLength < MIN_KEY_LENGTH || keyLength > MAX_KEY_LENGTH) {
      throw ProtocolException.violation(
          "CancelRequest declares length "
              + (8 + body.length())
              + ": its secret key must be "
              + MIN_KEY_LENGTH
              + " to "
              + MAX_KEY_LENGTH
              + " bytes, got "
              + Math.max(keyLength, 0));
    }
    PayloadReader r = new PayloadReader("CancelRequest", body);
    int pid = r.int32();
    return new CancelRequest(pid, r.rest());
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32(CANCEL_REQUEST_CODE).int32(processId).bytes(secretKey).untyped();
  }
}
