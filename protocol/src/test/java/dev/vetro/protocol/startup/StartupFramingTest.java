package dev.vetro.protocol.startup;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.Streams;
import dev.vetro.protocol.TypedFraming;
import dev.vetro.protocol.Wire;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.protocol.startup.StartupFraming.Bytes;
import dev.vetro.protocol.startup.StartupFraming.Out;
import dev.vetro.protocol.startup.StartupFraming.Packet;
import java.time.Duration;
import java.util.ArrayList;
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

class StartupFramingTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("StartupFramingTest");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static List<Out> run(List<ByteString> chunks) {
    return Streams.run(system, chunks, StartupFraming.flow(StartupPacket.MAX_LENGTH));
  }

  /** What the proxy sees, independent of how TCP chunked it: the packet, flag, and rest. */
  static List<Object> normalized(List<Out> out) {
    List<Object> n = new ArrayList<>();
    ByteString rest = ByteString.emptyByteString();
    for (Out o : out) {
      if (o instanceof Packet) {
        n.add(((Packet) o).packet());
      } else {
        rest = rest.concat(((Bytes) o).bytes());
      }
    }
    n.add(rest);
    return n;
  }

  @Test
  void everyPacketSplitAtEveryBoundaryFramesTheSamePacketWithNothingBuffered() {
    for (Object[] ex : StartupPacketTest.examples()) {
      ByteString wire = (ByteString) ex[1];
      for (List<ByteString> chunks : Wire.everySplit(wire)) {
        List<Out> out = run(chunks);
        assertEquals(List.of(new Packet((StartupPacket) ex[0], false)), out, chunks.toString());
      }
    }
  }

  @Test
  void bytesAfterThePacketPassThroughUntouchedWhateverTheSplit() {
    ByteString after = bytes("16030100", text("tls hello"));
    ByteString wire = SslRequest.INSTANCE.encode().concat(after);
    for (List<ByteString> chunks : Wire.everySplit(wire)) {
      assertEquals(List.of(SslRequest.INSTANCE, after), normalized(run(chunks)), chunks.toString());
    }
  }

  @Test
  void plaintextArrivingWithTheSslRequestIsFlagged() {
    ByteString injected = text("Q\0\0\0\rSELECT 1\0");
    List<Out> out = run(List.of(SslRequest.INSTANCE.encode().concat(injected)));
    assertEquals(List.of(new Packet(SslRequest.INSTANCE, true), new Bytes(injected)), out);
  }

  @Test
  void bytesArrivingAfterThePacketAreNotFlagged() {
    ByteString later = text("later");
    List<Out> out = run(List.of(SslRequest.INSTANCE.encode(), later));
    assertEquals(List.of(new Packet(SslRequest.INSTANCE, false), new Bytes(later)), out);
  }

  @Test
  void laterChunksAreNotReframed() {
    // A second startup-looking packet after the first is just bytes: the proxy reframes later.
    ByteString second = StartupPacketTest.STARTUP_3_0;
    List<Out> out = run(List.of(SslRequest.INSTANCE.encode(), second.take(3), second.drop(3)));
    assertEquals(
        List.of(
            new Packet(SslRequest.INSTANCE, false),
            new Bytes(second.take(3)),
            new Bytes(second.drop(3))),
        out);
  }

  @Test
  void anEmptyConnectionCompletesWithoutElements() {
    assertEquals(List.of(), run(List.of()));
    assertEquals(List.of(), run(List.of(ByteString.emptyByteString())));
  }

  @Test
  void httpGarbageFailsAsTooLargeBeforeBufferingIt() {
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> run(List.of(text("GET / HTTP/1.1\r\n"))));
    assertEquals("54000", e.sqlState());
    assertTrue(
        e.getMessage().startsWith("startup packet declares length 1195725856"), e.getMessage());
  }

  @Test
  void shortLengthsAndUnknownCodesFailTheStage() {
    for (List<ByteString> chunks : Wire.everySplit(bytes("00000004", "04d2162f"))) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> run(chunks));
      assertEquals("startup packet declares length 4, below the minimum of 8", e.getMessage());
    }
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> run(List.of(bytes("00000008", "00000000"))));
    assertEquals("08P01", e.sqlState());
  }

  @Test
  void aConfiguredMaximumBelowTheDefaultIsEnforced() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () ->
                Streams.run(
                    system, List.of(StartupPacketTest.STARTUP_3_0), StartupFraming.flow(20)));
    assertEquals("startup packet declares length 34, above the maximum of 20", e.getMessage());
  }

  @Test
  void aConnectionClosedMidPacketFails() {
    ByteString wire = StartupPacketTest.STARTUP_3_0;
    for (int cut = 1; cut < wire.length(); cut++) {
      ByteString partial = wire.take(cut);
      ProtocolException e = assertThrows(ProtocolException.class, () -> run(List.of(partial)));
      assertEquals(
          "connection closed in the middle of a startup packet (" + cut + " bytes received)",
          e.getMessage());
    }
  }

  @Test
  void theIntendedFlatMapPrefixUseHandsTheRestToTheNextStage() throws Exception {
    // The proxy's pattern: decide on the first packet, then frame what follows as typed messages.
    ByteString startup = StartupPacketTest.STARTUP_3_0;
    ByteString query = text("Q\0\0\0\rSELECT 1\0");
    ByteString wire = startup.concat(query);
    for (List<ByteString> chunks : Wire.everySplit(wire)) {
      List<Object> out =
          Source.from(chunks)
              .via(StartupFraming.flow(StartupPacket.MAX_LENGTH))
              .flatMapPrefix(
                  1,
                  prefix -> {
                    StartupPacket first = ((Packet) prefix.get(0)).packet();
                    return Flow.<Out>create()
                        .map(o -> ((Bytes) o).bytes())
                        .via(TypedFraming.frontend(Set.of((byte) 'Q'), 1 << 20))
                        .map(seg -> (Object) ((Captured) seg).decodeFrontend())
                        .prepend(Source.single((Object) first));
                  })
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertEquals(
          List.of(StartupPacket.decode(startup), new Query("SELECT 1")), out, chunks.toString());
    }
  }

  @Test
  void downstreamDemandControlsEveryElement() {
    Pair<TestPublisher.Probe<ByteString>, TestSubscriber.Probe<Out>> probes =
        TestSource.<ByteString>probe(system)
            .via(StartupFraming.flow(StartupPacket.MAX_LENGTH))
            .toMat(TestSink.probe(system), Keep.both())
            .run(system);
    TestPublisher.Probe<ByteString> pub = probes.first();
    TestSubscriber.Probe<Out> sub = probes.second();
    ByteString tail = text("tail");

    sub.request(1);
    pub.expectRequest();
    pub.sendNext(SslRequest.INSTANCE.encode().concat(tail));
    sub.expectNext(new Packet(SslRequest.INSTANCE, true));
    // The tail is held until asked for; a chunk sent meanwhile waits behind it.
    sub.expectNoMessage(Duration.ofMillis(50));
    pub.sendNext(text("more"));
    sub.expectNoMessage(Duration.ofMillis(50));
    sub.request(1);
    sub.expectNext(new Bytes(tail));
    sub.request(1);
    sub.expectNext(new Bytes(text("more")));
    pub.sendComplete();
    sub.expectComplete();
  }
}
