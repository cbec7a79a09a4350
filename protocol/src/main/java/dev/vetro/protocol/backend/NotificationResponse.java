package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** A NOTIFY delivered to this session (asynchronous: may arrive between any two messages). */
public record NotificationResponse(int processId, String channel, String payload)
    implements BackendMessage {
  public static final byte TYPE = 'A';

  public NotificationResponse {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payload, "payload");
  }

  public static NotificationResponse decode(ByteString payload) {
    PayloadReader r = new PayloadReader("NotificationResponse", payload);
    NotificationResponse n = new NotificationResponse(r.int32(), r.cstring(), r.cstring());
    r.end();
    return n;
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32(processId).cstring(channel).cstring(payload).message(TYPE);
  }
}
