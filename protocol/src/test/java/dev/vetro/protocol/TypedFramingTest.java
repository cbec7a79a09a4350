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
import dev.vetro.protocol.frontend.Sync;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypedFramingTest {
  static final int MAX = 16 * 1024 * 1024;
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("TypedFramingTest");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void eachMessageSplitAnywhereFramesToItselfCapturedOrNot() {
    for (Example e : FrontendExamples.all()) {
      for (Set<Byte> captured : List.of(Set.<Byte>of(), Set.of(e.type()))) {
        for (List<ByteString> chunks : Wire.everySplit(e.wire())) {
          List<Segment> out = Streams.run(system, chunks, TypedFraming.frontend(captured, MAX));
          assertEquals(
              Messages.expected(List.of(e), captured),
              Messages.of(out),
              () -> e + " split " + chunks);
        }
      }
    }
    for (Example e : BackendExamples.all()) {
      for (Set<Byte> captured : List.of(Set.<Byte>of(), Set.of(e.type()))) {
        for (List<ByteString> chunks : Wire.everySplit(e.wire())) {
          List<Segment> out = Streams.run(system, chunks, TypedFraming.backend(captured, MAX));
          assertEquals(
              Messages.expected(List.of(e), captured),
              Messages.of(out),
              () -> e + " split " + chunks);
        }
      }
    }
  }

  @Test
  void frontendConversationSplitAnywhereFramesIdentically() {
    Set<Byte> captured = MessageScannerTest.types("QPp");
    List<Messages.Msg> expected = Messages.expected(FrontendExamples.all(), captured);
    for (List<ByteString> chunks : Wire.everySplit(FrontendExamples.stream())) {
      List<Segment> out = Streams.run(system, chunks, TypedFraming.frontend(captured, MAX));
      assertEquals(expected, Messages.of(out), () -> "split " + chunks);
    }
  }

  @Test
  void backendConversationSplitAnywhereFramesIdentically() {
    Set<Byte> captured = MessageScannerTest.types("RKSZE");
    List<Messages.Msg> expected = Messages.expected(BackendExamples.all(), captured);
    for (List<ByteString> chunks : Wire.everySplit(BackendExamples.stream())) {
      List<Segment> out = Streams.run(system, chunks, TypedFraming.backend(captured, MAX));
      assertEquals(expected, Messages.of(out), () -> "split " + chunks);
    }
  }

  @Test
  void truncationAtCompletionFailsTheStage() {
    ByteString wire = new Query("SELECT 1").encode();
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () ->
                Streams.run(
                    system, List.of(wire.take(7)), TypedFraming.frontend(Set.of((byte) 'Q'), MAX)));
    assertTrue(
        e.getMessage().startsWith("connection closed in the middle of a message"), e.getMessage());
  }

  @Test
  void malformedInputFailsTheStageWithItsSqlState() {
    ProtocolException small =
        assertThrows(
            ProtocolException.class,
            () ->
                Streams.run(
                    system,
                    List.of(bytes(text("Q"), "00000002")),
                    TypedFraming.frontend(Set.of(), MAX)));
    assertEquals("08P01", small.sqlState());
    ProtocolException big =
        assertThrows(
            ProtocolException.class,
            () ->
                Streams.run(
                    system,
                    List.of(bytes(text("Q"), "7fffffff")),
                    TypedFraming.frontend(Set.of((byte) 'Q'), MAX)));
    assertEquals("54000", big.sqlState());
    ProtocolException unknown =
        assertThrows(
            ProtocolException.class,
            () -> Streams.run(system, List.of(text("x")), TypedFraming.backend(Set.of(), MAX)));
    assertEquals("unknown backend message type 'x'", unknown.getMessage());
  }

  static Pair<TestPublisher.Probe<ByteString>, TestSubscriber.Probe<Segment>> probes(
      Flow<ByteString, Segment, ?> flow) {
    return TestSource.<ByteString>probe(system)
        .via(flow)
        .toMat(TestSink.probe(system), Keep.both())
        .run(system);
  }

  @Test
  void segmentsOfOneChunkAreEmittedOnlyOnDemand() {
    var p = probes(TypedFraming.frontend(Set.of((byte) 'Q'), MAX));
    TestPublisher.Probe<ByteString> pub = p.first();
    TestSubscriber.Probe<Segment> sub = p.second();
    ByteString q1 = new Query("SELECT 1").encode();
    ByteString q2 = new Query("SELECT 2").encode();
    ByteString sync = Sync.INSTANCE.encode();

    sub.request(1);
    pub.sendNext(q1.concat(q2).concat(sync));
    sub.expectNext(new Captured((byte) 'Q', q1));
    sub.expectNoMessage(Duration.ofMillis(50));
    sub.request(2);
    sub.expectNext(new Captured((byte) 'Q', q2));
    sub.expectNext(new Piece((byte) 'S', sync, true, true));
    // Completion waits for nothing queued, but must not overtake queued segments either.
    pub.sendNext(q1.concat(sync));
    pub.sendComplete();
    sub.expectNoMessage(Duration.ofMillis(50));
    sub.request(5);
    sub.expectNext(new Captured((byte) 'Q', q1));
    sub.expectNext(new Piece((byte) 'S', sync, true, true));
    sub.expectComplete();
  }

  @Test
  void segmentsBeforeAFaultAreDeliveredThenTheStageFails() {
    var p = probes(TypedFraming.frontend(Set.of((byte) 'Q'), MAX));
    ByteString q1 = new Query("SELECT 1").encode();
    p.second().request(10);
    p.first().sendNext(q1.concat(text("\u0001garbage")));
    p.second().expectNext(new Captured((byte) 'Q', q1));
    Throwable e = p.second().expectError();
    assertEquals("unknown frontend message type 0x01", e.getMessage());
  }

  @Test
  void aTruncatedMessageAtCompletionFailsAfterEarlierSegments() {
    var p = probes(TypedFraming.backend(Set.of((byte) 'Z'), MAX));
    ByteString rfq = ReadyForQuery.IDLE.encode();
    p.second().request(10);
    p.first().sendNext(rfq.concat(rfq.take(3)));
    p.second().expectNext(new Captured((byte) 'Z', rfq));
    p.first().sendComplete();
    assertTrue(
        p.second()
            .expectError()
            .getMessage()
            .startsWith("connection closed in the middle of a message"));
  }

  /** Pieces of a 50 MB DataRow: counted, never collected. */
  record Stats(long pieces, long maxPiece, long bytes, long starts, long ends, long captured) {
    Stats add(Segment s) {
      if (s instanceof Captured) {
        return new Stats(pieces, maxPiece, bytes + s.bytes().length(), starts, ends, captured + 1);
      }
      Piece p = (Piece) s;
      return new Stats(
          pieces + 1,
          Math.max(maxPiece, p.bytes().length()),
          bytes + p.bytes().length(),
          starts + (p.startsMessage() ? 1 : 0),
          ends + (p.endsMessage() ? 1 : 0),
          captured);
    }
  }

  @Test
  void aFiftyMegabyteDataRowStreamsAsPiecesNoLargerThanTheInputChunks() throws Exception {
    int chunkSize = 64 * 1024;
    int chunks = 800; // 800 x 64 KiB = 50 MiB of column value
    long valueLength = (long) chunkSize * chunks;
    ByteString header =
        bytes(
            text("D"),
            String.format("%08x", valueLength + 10),
            "0001",
            String.format("%08x", valueLength));
    ByteString block = ByteString.fromArray(new byte[chunkSize]);
    ByteString after = ReadyForQuery.IDLE.encode();
    Source<ByteString, ?> input =
        Source.single(header)
            .concat(Source.repeat(block).take(chunks))
            .concat(Source.single(after));

    long t0 = System.nanoTime();
    Stats stats =
        input
            .via(TypedFraming.backend(Set.of((byte) 'Z'), MAX))
            .runWith(Sink.fold(new Stats(0, 0, 0, 0, 0, 0), Stats::add), system)
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    long nanos = System.nanoTime() - t0;

    assertTrue(
        stats.maxPiece() <= chunkSize,
        "a piece of " + stats.maxPiece() + " bytes exceeds the chunk size");
    assertEquals(chunks + 1, stats.pieces());
    assertEquals(1, stats.starts());
    assertEquals(1, stats.ends());
    assertEquals(1, stats.captured());
    assertEquals(header.length() + valueLength + after.length(), stats.bytes());
    System.out.printf(
        "50 MiB DataRow through TypedFraming: %.0f MiB/s (informational)%n",
        valueLength / 1048576.0 / (nanos / 1e9));
  }
}
