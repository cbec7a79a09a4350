package dev.vetro.proxy.relay;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.Segment;
import dev.vetro.proxy.session.SessionContext;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * The seam where the proxy looks at (and may replace) whole protocol messages of one direction.
 * Only the types in {@link #capturedTypes()} are assembled and shown; everything else streams
 * through as slices. Called on the stream's thread for every captured message, so it must be cheap
 * and must not block.
 *
 * <p>Today: auth handling (SASL -PLUS stripping, channel-binding check) and session tracking. Next:
 * policy enforcement substitutes a blocked Query/Parse/FunctionCall with a sentinel that fails in
 * the backend, and rewrites that sentinel's ErrorResponse on the way back.
 */
public interface MessageInterceptor {

  Set<Byte> capturedTypes();

  /**
   * Types shown whole only when {@link #captureNow} says so at the message's start; the rest of the
   * time they stream through as pieces, unbounded (a Bind with a large parameter).
   */
  default Set<Byte> conditionallyCapturedTypes() {
    return Set.of();
  }

  /**
   * Asked at the start of each message of a {@link #conditionallyCapturedTypes conditional} type.
   */
  default boolean captureNow(byte type) {
    return false;
  }

  /** The scanner that shows this interceptor what it asks for, in {@code direction}. */
  static MessageScanner scannerFor(
      Direction direction, MessageInterceptor interceptor, int maxMessageBytes) {
    return new MessageScanner(
        direction,
        interceptor.capturedTypes(),
        interceptor.conditionallyCapturedTypes(),
        type -> interceptor.captureNow((byte) type),
        maxMessageBytes);
  }

  /**
   * Returns the wire bytes to forward in place of {@code message}: {@code message.message()} to
   * forward it unchanged, other bytes to substitute it, or an empty ByteString to drop it. Throws
   * {@link dev.vetro.proxy.session.ClientFatal} or a ProtocolException to end the session.
   */
  ByteString onMessage(Segment.Captured message, SessionContext session);
}
