package dev.vetro.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.backend.AuthenticationSasl;
import dev.vetro.protocol.backend.BackendKeyData;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.backend.ParameterStatus;
import dev.vetro.protocol.backend.ReadyForQuery;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.protocol.frontend.SaslInitialResponse;
import dev.vetro.protocol.frontend.Sync;
import dev.vetro.proxy.cancel.CancelKey;
import dev.vetro.proxy.session.ClientFatal;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The relay stages on their own, fed with exact wire bytes cut at every possible place. */
class RelayStagesTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static List<ByteString> run(
      Flow<ByteString, ByteString, ?> stage, List<ByteString> chunks) throws Exception {
    return Source.from(chunks)
        .via(stage)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static ByteString join(List<ByteString> parts) {
    ByteString all = ByteString.emptyByteString();
    for (ByteString p : parts) {
      all = all.concat(p);
    }
    return all;
  }

  /** The input cut at {@code cut} into two chunks, and again byte by byte. */
  private static List<List<ByteString>> splits(ByteString input) {
    List<List<ByteString>> out = new ArrayList<>();
    for (int cut = 0; cut <= input.length(); cut++) {
      out.add(List.of(input.take(cut), input.drop(cut)));
    }
    List<ByteString> bytes = new ArrayList<>();
    for (int i = 0; i < input.length(); i++) {
      bytes.add(input.slice(i, i + 1));
    }
    out.add(bytes);
    return out;
  }

  private static SessionContext session(
      TestProbe<SessionActor.Command> probe, boolean upstreamTls) {
    return new SessionContext(1, probe.ref(), upstreamTls);
  }

  private static ByteString dataRow(String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteString payload =
        ByteString.createBuilder()
            .putShort(1, java.nio.ByteOrder.BIG_ENDIAN)
            .putInt(v.length, java.nio.ByteOrder.BIG_ENDIAN)
            .putBytes(v)
            .result();
    return ByteString.createBuilder()
        .putByte((byte) 'D')
        .putInt(payload.length() + 4, java.nio.ByteOrder.BIG_ENDIAN)
        .result()
        .concat(payload);
  }

  /** One element, then a failure (concat with Source.failed would fail before the element). */
  private static Source<ByteString, ?> thenFail(ByteString first, RuntimeException failure) {
    ByteString poison = ByteString.fromString("poison");
    return Source.from(List.of(first, poison))
        .map(
            b -> {
              if (b == poison) {
                throw failure;
              }
              return b;
            });
  }

  @Test
  void backendBytesPassUnchangedWhateverTheChunkingAndStateIsTracked() throws Exception {
    ByteString input =
        new ParameterStatus("standard_conforming_strings", "off")
            .encode()
            .concat(
                new BackendKeyData(4242, ByteString.fromArray(new byte[] {1, 2, 3, 4})).encode())
            .concat(dataRow("x".repeat(300)))
            .concat(ReadyForQuery.IN_TRANSACTION.encode());
    for (List<ByteString> chunks : splits(input)) {
      TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
      SessionContext s = session(probe, false);
      List<ByteString> out =
          run(
              Flow.fromGraph(
                  new BackendRelayStage(s, new BackendSessionObserver(), 1 << 20, "db:5432")),
              chunks);
      assertEquals(input, join(out));
      assertEquals('T', s.transactionStatus());
      assertEquals(false, s.standardConformingStrings());
      probe.expectMessageClass(SessionActor.UpstreamConnected.class);
      SessionActor.BackendKeyReceived key =
          probe.expectMessageClass(SessionActor.BackendKeyReceived.class);
      assertEquals(new CancelKey(4242, ByteString.fromArray(new byte[] {1, 2, 3, 4})), key.key());
    }
  }

  @Test
  void channelBindingMechanismsAreStrippedFromTheSaslOffer() throws Exception {
    ByteString offer =
        new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")).encode();
    TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
    SessionContext s = session(probe, true);
    List<ByteString> out =
        run(
            Flow.fromGraph(
                new BackendRelayStage(s, new BackendSessionObserver(), 1 << 20, "db:5432")),
            splits(offer).get(3));
    assertEquals(new AuthenticationSasl(List.of("SCRAM-SHA-256")).encode(), join(out));
    assertTrue(s.saslOffered());
  }

  @Test
  void frontendBytesPassUnchangedWhateverTheChunking() throws Exception {
    ByteString input =
        new Query("select 1; select 'a;b'")
            .encode()
            .concat(ByteString.fromString("B"))
            .concat(ByteString.fromArray(new byte[] {0, 0, 0, 8, 0, 0, 0, 0}))
            .concat(Sync.INSTANCE.encode());
    for (List<ByteString> chunks : splits(input)) {
      TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
      List<ByteString> out =
          run(
              Flow.fromGraph(
                  new FrontendRelayStage(session(probe, false), new FrontendAuthGuard(), 1 << 20)),
              chunks);
      assertEquals(input, join(out));
    }
  }

  @Test
  void channelBindingFlagYTowardsATlsUpstreamEndsTheSessionWithTheFix() throws Exception {
    TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
    SessionContext s = session(probe, true);
    s.markSaslOffered();
    List<Throwable> toClient = new CopyOnWriteArrayList<>();
    s.registerClientFailureSink(toClient::add);
    ByteString start =
        new SaslInitialResponse("SCRAM-SHA-256", ByteString.fromString("y,,n=,r=abcdefghijklmnop"))
            .encode();
    List<ByteString> out =
        run(
            Flow.fromGraph(new FrontendRelayStage(s, new FrontendAuthGuard(), 1 << 20)),
            List.of(start));
    assertEquals(ByteString.emptyByteString(), join(out), "nothing reaches the server");
    assertEquals(1, toClient.size());
    ErrorResponse error = assertInstanceOf(ClientFatal.class, toClient.get(0)).response();
    assertEquals("FATAL", error.severity());
    assertTrue(error.hint().contains("channel_binding=disable"), error.hint());
  }

  @Test
  void channelBindingFlagYTowardsAPlainUpstreamIsForwarded() throws Exception {
    TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
    SessionContext s = session(probe, false);
    s.markSaslOffered();
    ByteString start =
        new SaslInitialResponse("SCRAM-SHA-256", ByteString.fromString("y,,n=,r=abcdefghijklmnop"))
            .encode();
    List<ByteString> out =
        run(
            Flow.fromGraph(new FrontendRelayStage(s, new FrontendAuthGuard(), 1 << 20)),
            List.of(start));
    assertEquals(start, join(out));
  }

  @Test
  void upstreamFailureBecomesOneFatalErrorAtAMessageBoundary() throws Exception {
    TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
    SessionContext s = session(probe, false);
    List<ByteString> out =
        thenFail(
                ReadyForQuery.IDLE.encode(),
                dev.vetro.proxy.upstream.UpstreamFailure.broken(
                    "db:5432", new RuntimeException("reset")))
            .via(new BackendRelayStage(s, new BackendSessionObserver(), 1 << 20, "db:5432"))
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(2, out.size());
    ErrorResponse error = ErrorResponse.decode(out.get(1).drop(5));
    assertEquals("08006", error.sqlState());
    assertTrue(error.message().contains("db:5432"), error.message());
  }

  @Test
  void upstreamFailureInsideAStreamedDataRowClosesWithoutSplicingAnError() throws Exception {
    TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
    SessionContext s = session(probe, false);
    ByteString row = dataRow("y".repeat(1000));
    List<ByteString> out =
        thenFail(row.take(100), new RuntimeException("connection reset"))
            .via(new BackendRelayStage(s, new BackendSessionObserver(), 1 << 20, "db:5432"))
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(row.take(100)), out);
  }
}
