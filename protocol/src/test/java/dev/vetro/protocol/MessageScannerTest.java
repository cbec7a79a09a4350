package dev.vetro.protocol;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.Segment.Piece;
import dev.vetro.protocol.backend.BackendExamples;
import dev.vetro.protocol.backend.ReadyForQuery;
import dev.vetro.protocol.frontend.FrontendExamples;
import dev.vetro.protocol.frontend.Query;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class MessageScannerTest {
  static final int MAX = 16 * 1024 * 1024;
  static final Set<Byte> NONE = Set.of();

  static Set<Byte> types(String s) {
    Set<Byte> out = new HashSet<>();
    for (byte b : s.getBytes()) {
      out.add(b);
    }
    return out;
  }

  static final Set<Byte> ALL_FRONTEND = types("BCdcfDEHFpPQSX");
  static final Set<Byte> ALL_BACKEND = types("RK23CdcGHWDIEVvnNAtS1sZT");

  static List<Segment> scan(Direction d, Set<Byte> captured, List<ByteString> chunks) {
    MessageScanner s = new MessageScanner(d, captured, MAX);
    List<Segment> out = new ArrayList<>();
    for (ByteString c : chunks) {
      s.feed(c, out::add);
    }
    s.complete();
    return out;
  }

  static void assertEverySplitGives(Direction d, Set<Byte> captured, List<Example> examples) {
    ByteString stream = ByteString.emptyByteString();
    for (Example e : examples) {
      stream = stream.concat(e.wire());
    }
    List<Messages.Msg> expected = Messages.expected(examples, captured);
    for (List<ByteString> chunks : Wire.everySplit(stream.compact())) {
      assertEquals(expected, Messages.of(scan(d, captured, chunks)), () -> "split " + chunks);
    }
  }

  @Test
  void eachFrontendMessageSplitAnywhereScansToItself() {
    for (Example e : FrontendExamples.all()) {
      assertEverySplitGives(Direction.FRONTEND, NONE, List.of(e));
      assertEverySplitGives(Direction.FRONTEND, ALL_FRONTEND, List.of(e));
    }
  }

  @Test
  void eachBackendMessageSplitAnywhereScansToItself() {
    for (Example e : BackendExamples.all()) {
      assertEverySplitGives(Direction.BACKEND, NONE, List.of(e));
      assertEverySplitGives(Direction.BACKEND, ALL_BACKEND, List.of(e));
    }
  }

  @Test
  void wholeConversationsSplitAnywhereScanIdentically() {
    for (Set<Byte> captured : List.of(NONE, types("QPp"), ALL_FRONTEND)) {
      assertEverySplitGives(Direction.FRONTEND, captured, FrontendExamples.all());
    }
    for (Set<Byte> captured : List.of(NONE, types("RKSZE"), ALL_BACKEND)) {
      assertEverySplitGives(Direction.BACKEND, captured, BackendExamples.all());
    }
  }

  @Test
  void capturedMessagesDecodeToTheirRecords() {
    List<Segment> out = scan(Direction.FRONTEND, types("Q"), List.of(FrontendExamples.stream()));
    List<Object> queries = new ArrayList<>();
    for (Segment s : out) {
      if (s instanceof Captured) {
        queries.add(((Captured) s).decodeFrontend());
      }
    }
    assertEquals(List.of(new Query("SELECT 1"), new Query("SELECT 'é'")), queries);
    List<Segment> back = scan(Direction.BACKEND, types("Z"), List.of(ReadyForQuery.IDLE.encode()));
    assertEquals(ReadyForQuery.IDLE, ((Captured) back.get(0)).decodeBackend());
  }

  @Test
  void everyCapturedMessageDecodesToItsRecordWhereverItSitsInTheChunk() {
    // Captured messages are slices at arbitrary offsets of a chunk (or ropes across chunks).
    for (List<ByteString> chunks :
        List.of(List.of(BackendExamples.stream()), Wire.byteByByte(BackendExamples.stream()))) {
      List<Object> decoded = new ArrayList<>();
      for (Segment s : scan(Direction.BACKEND, ALL_BACKEND, chunks)) {
        decoded.add(((Captured) s).decodeBackend());
      }
      List<Object> expected = new ArrayList<>();
      BackendExamples.all().forEach(e -> expected.add(e.message()));
      assertEquals(expected, decoded);
    }
    List<Object> decoded = new ArrayList<>();
    for (Segment s : scan(Direction.FRONTEND, ALL_FRONTEND, List.of(FrontendExamples.stream()))) {
      decoded.add(((Captured) s).decodeFrontend());
    }
    List<Object> expected = new ArrayList<>();
    FrontendExamples.all().forEach(e -> expected.add(e.message()));
    assertEquals(expected, decoded);
  }

  @Test
  void aSmallUncapturedMessageInOneChunkIsOnePieceWithBothFlags() {
    ByteString sync = bytes(text("S"), "00000004");
    assertEquals(
        List.of(new Piece((byte) 'S', sync, true, true)),
        scan(Direction.FRONTEND, NONE, List.of(sync)));
  }

  @Test
  void lengthBelowFourIsAProtocolViolationWhateverTheSplit() {
    ByteString bad = bytes(text("Q"), "00000003");
    for (List<ByteString> chunks : Wire.everySplit(bad)) {
      ProtocolException e =
          assertThrows(ProtocolException.class, () -> scan(Direction.FRONTEND, types("Q"), chunks));
      assertEquals(
          "frontend message 'Q' declares length 3, below the minimum of 4", e.getMessage());
      assertEquals("08P01", e.sqlState());
    }
    ProtocolException negative =
        assertThrows(
            ProtocolException.class,
            () -> scan(Direction.BACKEND, NONE, List.of(bytes(text("D"), "ffffffff"))));
    assertEquals(
        "backend message 'D' declares length -1, below the minimum of 4", negative.getMessage());
  }

  @Test
  void aCapturedMessageAboveTheLimitFailsAsProgramLimitBeforeBuffering() {
    ByteString header = bytes(text("Q"), "01312d00");
    ProtocolException e =
        assertThrows(
            ProtocolException.class, () -> scan(Direction.FRONTEND, types("Q"), List.of(header)));
    assertEquals(
        "frontend message 'Q' of 20000000 bytes exceeds the limit of 16777216", e.getMessage());
    assertEquals("54000", e.sqlState());
  }

  @Test
  void anUncapturedMessageAboveTheCaptureLimitStreamsThrough() {
    MessageScanner s = new MessageScanner(Direction.FRONTEND, types("Q"), 64);
    List<Segment> out = s.feed(bytes(text("d"), "00000068", ByteString.fromArray(new byte[100])));
    assertEquals(1, out.size());
    assertTrue(((Piece) out.get(0)).endsMessage());
  }

  @Test
  void aConditionalTypeIsCapturedOnlyWhenAskedAtItsStart() {
    boolean[] wanted = {false};
    MessageScanner s =
        new MessageScanner(Direction.FRONTEND, types("Q"), types("B"), type -> wanted[0], 64);
    ByteString big = bytes(text("B"), "00000068", ByteString.fromArray(new byte[100]));
    List<Segment> streamed = s.feed(big);
    assertEquals(1, streamed.size());
    assertTrue(
        ((Piece) streamed.get(0)).endsMessage(),
        "not wanted: streams through, above the limit too");
    wanted[0] = true;
    ByteString small = bytes(text("B"), "00000008", ByteString.fromArray(new byte[4]));
    List<Segment> captured = s.feed(small);
    assertEquals('B', ((Captured) captured.get(0)).type());
    ProtocolException e = assertThrows(ProtocolException.class, () -> s.feed(big));
    assertEquals("54000", e.sqlState(), "wanted: read whole, so bounded");
  }

  @Test
  void typeBytesAreCheckedPerDirection() {
    assertEquals(
        "unknown frontend message type 'Z'",
        assertThrows(
                ProtocolException.class,
                () -> scan(Direction.FRONTEND, NONE, List.of(ReadyForQuery.IDLE.encode())))
            .getMessage());
    assertEquals(
        "unknown backend message type 'Q'",
        assertThrows(
                ProtocolException.class,
                () -> scan(Direction.BACKEND, NONE, List.of(new Query("x").encode())))
            .getMessage());
    // Caught on the first byte, before a length could make us wait for more.
    assertEquals(
        "unknown frontend message type 0x00",
        assertThrows(
                ProtocolException.class,
                () -> new MessageScanner(Direction.FRONTEND, NONE, MAX).feed(bytes("00")).size())
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new MessageScanner(Direction.FRONTEND, types("Z"), MAX));
  }

  @Test
  void garbageAfterGoodMessagesFailsAfterHandingThemOver() {
    MessageScanner s = new MessageScanner(Direction.FRONTEND, types("Q"), MAX);
    List<Segment> out = new ArrayList<>();
    ByteString chunk = new Query("SELECT 1").encode().concat(text("GET / HTTP/1.1"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> s.feed(chunk, out::add));
    assertEquals("unknown frontend message type 'G'", e.getMessage());
    assertEquals(new Query("SELECT 1"), ((Captured) out.get(0)).decodeFrontend());
    // Failed for good: later input is not scanned from some arbitrary offset.
    assertThrows(ProtocolException.class, () -> s.feed(new Query("x").encode()));
  }

  @Test
  void endingInsideAMessageIsReported() {
    ByteString wire = new Query("SELECT 1").encode();
    for (int cut = 1; cut < wire.length(); cut++) {
      MessageScanner s = new MessageScanner(Direction.FRONTEND, types("Q"), MAX);
      s.feed(wire.take(cut));
      ProtocolException e = assertThrows(ProtocolException.class, s::complete);
      assertTrue(
          e.getMessage().startsWith("connection closed in the middle of a message"),
          e.getMessage());
    }
    MessageScanner s = new MessageScanner(Direction.FRONTEND, NONE, MAX);
    s.feed(wire.take(9));
    assertEquals(
        "connection closed in the middle of a message (frontend message 'Q' is missing 5 byte(s))",
        assertThrows(ProtocolException.class, s::complete).getMessage());
  }

  @Test
  void piecesAreSlicesOfTheInputNotCopies() {
    // A 1 MiB CopyData in one chunk: the piece must share the chunk's array.
    byte[] backing = new byte[1 << 20];
    ByteString chunk = bytes(text("d"), "00100004").concat(ByteString.fromArrayUnsafe(backing));
    List<Segment> out = scan(Direction.FRONTEND, NONE, List.of(chunk));
    ByteString piece = ((Piece) out.get(out.size() - 1)).bytes();
    // Writing through the shared array shows up in the piece only if nothing was copied.
    backing[backing.length - 1] = 42;
    assertEquals(42, piece.apply(piece.length() - 1), "the payload bytes were copied");
  }
}
