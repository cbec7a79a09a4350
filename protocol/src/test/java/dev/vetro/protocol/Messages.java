package dev.vetro.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.Segment.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Segments reassembled into whole messages, checking the piece flags on the way. Two runs over
 * differently split input must give equal lists: that is "identical results" for a scanner whose
 * piece boundaries legitimately follow the input chunks.
 */
public final class Messages {
  private Messages() {}

  public record Msg(byte type, ByteString wire, boolean captured) {}

  public static List<Msg> of(List<Segment> segments) {
    List<Msg> out = new ArrayList<>();
    ByteString open = null;
    byte openType = 0;
    for (Segment s : segments) {
      if (s instanceof Captured) {
        assertEquals(null, open, "captured message inside an open uncaptured one");
        Captured c = (Captured) s;
        assertEquals(c.type(), c.message().apply(0));
        out.add(new Msg(c.type(), c.message().compact(), true));
        continue;
      }
      Piece p = (Piece) s;
      assertFalse(p.bytes().isEmpty(), "empty piece");
      if (p.startsMessage()) {
        assertEquals(null, open, "a message started before the previous ended");
        assertEquals(p.type(), p.bytes().apply(0), "first piece starts with the type byte");
        open = p.bytes();
        openType = p.type();
      } else {
        assertTrue(open != null, "continuation without a start");
        assertEquals(openType, p.type());
        open = open.concat(p.bytes());
      }
      if (p.endsMessage()) {
        out.add(new Msg(openType, open.compact(), false));
        open = null;
      }
    }
    assertEquals(null, open, "stream ended inside a message");
    return out;
  }

  /** What a scanner must produce for these whole messages, given the captured types. */
  public static List<Msg> expected(List<Example> examples, Set<Byte> captured) {
    List<Msg> out = new ArrayList<>();
    for (Example e : examples) {
      out.add(new Msg(e.type(), e.wire(), captured.contains(e.type())));
    }
    return out;
  }
}
