package dev.vetro.proxy.relay;

import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.Segment;
import dev.vetro.proxy.session.SessionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;

/**
 * Collects what one input chunk becomes on the other side: the segments' bytes, in order, with
 * captured messages passed through the interceptor. Slices are concatenated (a rope, no copy), so a
 * chunk of many small messages still leaves as one write.
 *
 * <p>Most chunks leave exactly as they came (no message changed), and then building the rope is
 * wasted work on the per-transaction path: {@link #relay} hands back the input chunk itself when
 * every segment passed unchanged and together they are all of it.
 */
final class RelayOutput implements Consumer<Segment> {
  /** Told of each message that has passed whole, by its type (and its bytes when captured). */
  interface MessageEnds {
    void ended(byte type, ByteString captured);
  }

  private final MessageInterceptor interceptor;
  private final SessionContext session;

  /** Null unless someone listens (PROXY_IDLE_TIMEOUT_SECONDS): then the hot path pays nothing. */
  private final MessageEnds ends;

  private final List<ByteString> parts = new ArrayList<>();
  private int length;

  /** No captured message was replaced since the last take (the interceptor returned it as is). */
  private boolean unchanged = true;

  private boolean midMessage;

  RelayOutput(MessageInterceptor interceptor, SessionContext session) {
    this(interceptor, session, null);
  }

  RelayOutput(MessageInterceptor interceptor, SessionContext session, MessageEnds ends) {
    this.interceptor = interceptor;
    this.session = session;
    this.ends = ends;
  }

  @Override
  public void accept(Segment segment) {
    ByteString bytes;
    if (segment instanceof Segment.Captured captured) {
      bytes = interceptor.onMessage(captured, session);
      unchanged &= bytes == captured.message();
      midMessage = false;
      if (ends != null) {
        ends.ended(captured.type(), captured.message());
      }
    } else {
      Segment.Piece piece = (Segment.Piece) segment;
      bytes = piece.bytes();
      midMessage = !piece.endsMessage();
      if (ends != null && piece.endsMessage()) {
        ends.ended(piece.type(), null);
      }
    }
    if (!bytes.isEmpty()) {
      parts.add(bytes);
      length += bytes.length();
    }
  }

  /**
   * Scans one input chunk and returns what it becomes on the other side: the chunk itself when it
   * passed unchanged. That holds only if the scanner held no bytes of an earlier chunk: then every
   * segment is a slice of this chunk, in order and adjacent, so unchanged segments that add up to
   * its length are the chunk. On bad input the scanner's exception propagates.
   */
  ByteString relay(MessageScanner scanner, ByteString chunk) {
    boolean fresh = !scanner.holdsBytes();
    scanner.feed(chunk, this);
    return take(fresh ? chunk : null);
  }

  /**
   * What was collected since the last call, or {@code chunk} when that is all of it unchanged;
   * resets.
   */
  private ByteString take(ByteString chunk) {
    ByteString result;
    if (chunk != null && unchanged && length == chunk.length()) {
      result = chunk;
    } else if (parts.isEmpty()) {
      result = ByteString.emptyByteString();
    } else {
      result = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        result = result.concat(parts.get(i));
      }
    }
    parts.clear();
    length = 0;
    unchanged = true;
    return result;
  }

  /** True when the bytes handed out so far end inside a message (a streamed, uncaptured one). */
  boolean midMessage() {
    return midMessage;
  }
}
