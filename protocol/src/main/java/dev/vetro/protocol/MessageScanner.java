package dev.vetro.protocol;

import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.Segment.Piece;
import dev.vetro.protocol.wire.TypeBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.apache.pekko.util.ByteString;

/**
 * Incremental scanner for the typed phase (type byte + int32 length + payload). Work per chunk is
 * per message, not per byte: after a header it jumps over the payload by arithmetic and yields
 * slices of the chunk. Only captured types are assembled whole, and only up to {@code
 * maxCapturedLength}, so memory stays bounded whatever the peer declares.
 *
 * <p>Not thread-safe: one scanner per connection direction, fed in order.
 */
public final class MessageScanner {
  private static final int HEADER = 5;

  private final Direction direction;
  private final boolean[] captured = new boolean[256];
  private final boolean[] conditional = new boolean[256];
  private final IntPredicate captureNow;
  private final int maxCapturedLength;

  /** Header bytes of the current message when it straddles chunks (at most 5). */
  private final byte[] header = new byte[HEADER];

  private int headerFill;
  private byte type;

  /** Payload bytes still to come for the current message; -1 while reading a header. */
  private long bodyRemaining = -1;

  private boolean capturing;
  private ByteString assembled;
  private ProtocolException failure;

  /**
   * @param capturedTypes type bytes to assemble into {@link Captured} messages
   * @param maxCapturedLength largest declared length (the int32 after the type byte, which counts
   *     itself) accepted for a captured message
   */
  public MessageScanner(Direction direction, Set<Byte> capturedTypes, int maxCapturedLength) {
    this(direction, capturedTypes, Set.of(), type -> false, maxCapturedLength);
  }

  /**
   * Also captures a message of a type in {@code conditionalTypes} when {@code captureNow} says so
   * at the message's start (it gets the type byte); otherwise that message streams through as
   * pieces, unbounded, like any uncaptured one. The proxy reads a Bind whole only while a prepared
   * statement may need judging again, so large parameters are not limited the rest of the time.
   */
  public MessageScanner(
      Direction direction,
      Set<Byte> capturedTypes,
      Set<Byte> conditionalTypes,
      IntPredicate captureNow,
      int maxCapturedLength) {
    this.direction = Objects.requireNonNull(direction, "direction");
    this.captureNow = Objects.requireNonNull(captureNow, "captureNow");
    if (maxCapturedLength < 4) {
      throw new IllegalArgumentException("maxCapturedLength " + maxCapturedLength + " is below 4");
    }
    this.maxCapturedLength = maxCapturedLength;
    mark(capturedTypes, captured);
    mark(conditionalTypes, conditional);
  }

  private void mark(Set<Byte> types, boolean[] table) {
    for (Byte b : types) {
      if (!direction.isValidType(b)) {
        throw new IllegalArgumentException(
            TypeBytes.describe(b) + " is not a " + direction.label() + " message type");
      }
      table[b & 0xFF] = true;
    }
  }

  public Direction direction() {
    return direction;
  }

  /** Convenience form of {@link #feed(ByteString, Consumer)}. */
  public List<Segment> feed(ByteString chunk) {
    List<Segment> out = new ArrayList<>();
    feed(chunk, out::add);
    return out;
  }

  /**
   * Scans one chunk, handing each complete segment to {@code sink} in order. On bad input the
   * segments before the fault have already been handed over, then a ProtocolException is thrown;
   * the scanner stays failed and rethrows it on every later call.
   */
  public void feed(ByteString chunk, Consumer<? super Segment> sink) {
    if (failure != null) {
      throw failure;
    }
    try {
      scan(chunk, sink);
    } catch (ProtocolException e) {
      failure = e;
      throw e;
    }
  }

  /** True between messages: nothing of a message has been seen without its end. */
  public boolean atMessageBoundary() {
    return headerFill == 0 && bodyRemaining < 0;
  }

  /**
   * True while bytes of an earlier chunk are held back (a split header, or a captured message being
   * assembled): the segments of the next chunk may then contain bytes that are not in it.
   */
  public boolean holdsBytes() {
    return headerFill > 0 || assembled != null;
  }

  /** Call at end of input: a message cut short by the peer closing is a protocol violation. */
  public void complete() {
    if (failure != null) {
      throw failure;
    }
    if (!atMessageBoundary()) {
      String detail =
          bodyRemaining < 0
              ? headerFill + " of 5 header bytes received"
              : direction.label()
                  + " message "
                  + TypeBytes.describe(type)
                  + " is missing "
                  + bodyRemaining
                  + " byte(s)";
      failure =
          ProtocolException.violation(
              "connection closed in the middle of a message (" + detail + ")");
      throw failure;
    }
  }

  private void scan(ByteString chunk, Consumer<? super Segment> sink) {
    int n = chunk.length();
    int pos = 0;
    while (pos < n) {
      int messageStart = pos;
      boolean starts = bodyRemaining < 0;
      ByteString carried = ByteString.emptyByteString();
      if (starts) {
        if (headerFill == 0 && n - pos >= HEADER) {
          // Fast path: the whole header is in this chunk, read it in place.
          startMessage(chunk.apply(pos), readInt(chunk, pos + 1));
          pos += HEADER;
        } else {
          int earlier = headerFill;
          while (pos < n && headerFill < HEADER) {
            header[headerFill++] = chunk.apply(pos++);
            if (headerFill == 1) {
              checkType(header[0]);
            }
          }
          if (headerFill < HEADER) {
            return;
          }
          headerFill = 0;
          startMessage(header[0], readInt(header));
          // Header bytes from earlier chunks are gone from the input; re-create just those.
          carried = ByteString.fromArray(header, 0, earlier);
        }
      }
      int end = (int) Math.min(n, pos + bodyRemaining);
      bodyRemaining -= end - pos;
      pos = end;
      boolean ends = bodyRemaining == 0;
      ByteString part = chunk.slice(messageStart, end);
      if (!carried.isEmpty()) {
        part = carried.concat(part);
      }
      if (capturing) {
        assembled = starts ? part : assembled.concat(part);
        if (ends) {
          sink.accept(new Captured(type, assembled));
          assembled = null;
        }
      } else {
        sink.accept(new Piece(type, part, starts, ends));
      }
      if (ends) {
        bodyRemaining = -1;
      }
    }
  }

  private void startMessage(byte t, int length) {
    checkType(t);
    if (length < 4) {
      throw ProtocolException.violation(
          direction.label()
              + " message "
              + TypeBytes.describe(t)
              + " declares length "
              + length
              + ", below the minimum of 4");
    }
    type = t;
    capturing = captured[t & 0xFF] || (conditional[t & 0xFF] && captureNow.test(t));
    if (capturing && length > maxCapturedLength) {
      throw ProtocolException.tooLarge(
          direction.label()
              + " message "
              + TypeBytes.describe(t)
              + " of "
              + length
              + " bytes exceeds the limit of "
              + maxCapturedLength);
    }
    bodyRemaining = length - 4L;
  }

  private void checkType(byte t) {
    if (!direction.isValidType(t)) {
      throw ProtocolException.violation(
          "unknown " + direction.label() + " message type " + TypeBytes.describe(t));
    }
  }

  private static int readInt(ByteString b, int at) {
    return ((b.apply(at) & 0xFF) << 24)
        | ((b.apply(at + 1) & 0xFF) << 16)
        | ((b.apply(at + 2) & 0xFF) << 8)
        | (b.apply(at + 3) & 0xFF);
  }

  private static int readInt(byte[] h) {
    return ((h[1] & 0xFF) << 24) | ((h[2] & 0xFF) << 16) | ((h[3] & 0xFF) << 8) | (h[4] & 0xFF);
  }
}
