package dev.vetro.protocol;

import java.util.Set;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Stream stages for the typed phase, one {@link MessageScanner} each. Memory per connection is
 * bounded by one input chunk's segments plus at most one captured message in assembly.
 */
public final class TypedFraming {
  private TypedFraming() {}

  /** Client-to-server messages. */
  public static Flow<ByteString, Segment, NotUsed> frontend(Set<Byte> captured, int maxCaptured) {
    return flow(Direction.FRONTEND, captured, maxCaptured);
  }

  /** Server-to-client messages. */
  public static Flow<ByteString, Segment, NotUsed> backend(Set<Byte> captured, int maxCaptured) {
    return flow(Direction.BACKEND, captured, maxCaptured);
  }

  public static Flow<ByteString, Segment, NotUsed> flow(
      Direction direction, Set<Byte> captured, int maxCaptured) {
    // Validate eagerly so a bad configuration fails at graph construction, not on first bytes.
    new MessageScanner(direction, captured, maxCaptured);
    Set<Byte> types = Set.copyOf(captured);
    return Flow.fromGraph(
        new TypedFramingStage(() -> new MessageScanner(direction, types, maxCaptured)));
  }
}
