package dev.vetro.proxy.relay;

import dev.vetro.protocol.Segment;
import dev.vetro.proxy.session.SessionContext;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;

/**
 * Collects what one input chunk becomes on the other side: the segments' bytes, in order, with
 * captured messages passed through the interceptor. Slices are concatenated (a rope, no copy),
 * so a chunk of many small messages still leaves as one write.
 */
final class RelayOutput implements Consumer<Segment> {
  private final MessageInterceptor interceptor;
  private final SessionContext session;
  private ByteString out = ByteString.emptyByteString();
  private boolean midMessage;

  RelayOutput(MessageInterceptor interceptor, SessionContext session) {
    this.interceptor = interceptor;
    this.session = session;
  }

  @Override
  public void accept(Segment segment) {
    ByteString bytes;
    if (segment instanceof Segment.Captured captured) {
      bytes = interceptor.onMessage(captured, session);
      midMessage = false;
    } else {
      Segment.Piece piece = (Segment.Piece) segment;
      bytes = piece.bytes();
      midMessage = !piece.endsMessage();
    }
    out = out.isEmpty() ? bytes : out.concat(bytes);
  }

  /** What the chunk produced since the last call; resets the buffer. */
  ByteString take() {
    ByteString result = out;
    out = ByteString.emptyByteString();
    return result;
  }

  /** True when the bytes handed out so far end inside a message (a streamed, uncaptured one). */
  boolean midMessage() {
    return midMessage;
  }
}
