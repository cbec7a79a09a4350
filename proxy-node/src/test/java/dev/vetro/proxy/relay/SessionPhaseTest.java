package dev.vetro.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Policy;
import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.backend.AuthenticationSasl;
import dev.vetro.protocol.backend.BackendKeyData;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.backend.ParameterStatus;
import dev.vetro.protocol.backend.ReadyForQuery;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.protocol.frontend.SaslInitialResponse;
import dev.vetro.protocol.frontend.Sync;
import dev.vetro.proxy.cancel.CancelKey;
import dev.vetro.proxy.enforce.Enforcement;
import dev.vetro.proxy.enforce.EnforcingBackend;
import dev.vetro.proxy.enforce.EnforcingFrontend;
import dev.vetro.proxy.enforce.SessionEnforcement;
import dev.vetro.proxy.enforce.SessionFacts;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.proxy.events.DecisionSink;
import dev.vetro.proxy.policycache.PolicySnapshot;
import dev.vetro.proxy.session.AdminShutdown;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The session phase on its own, with no I/O: every protocol-shaped behaviour of a session, each
 * input fed split at every byte boundary (two chunks cut at each place, and byte by byte), as both
 * drivers may see it.
 */
class SessionPhaseTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  private static final int MAX = 1 << 20;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** The input cut at every place into two chunks, and again byte by byte. */
  static List<List<ByteString>> splits(ByteString input) {
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

  /** What a driver sees: the forwarded bytes and, if a chunk ended the session, how. */
  record Run(ByteString forwarded, SessionEnd end) {}

  private static Run fromClient(SessionPhase phase, List<ByteString> chunks) {
    ByteString all = ByteString.emptyByteString();
    for (ByteString chunk : chunks) {
      ByteString forward = phase.fromClient(chunk);
      if (forward == null) {
        return new Run(all, phase.ending());
      }
      all = all.concat(forward);
    }
    return new Run(all, null);
  }

  private static Run fromServer(SessionPhase phase, List<ByteString> chunks) {
    ByteString all = ByteString.emptyByteString();
    for (ByteString chunk : chunks) {
      ByteString forward = phase.fromServer(chunk);
      if (forward == null) {
        return new Run(all, phase.ending());
      }
      all = all.concat(forward);
    }
    return new Run(all, null);
  }

  private static SessionContext session(TestProbe<SessionActor.Command> probe, boolean upTls) {
    return new SessionContext(1, probe.ref(), upTls);
  }

  private static SessionPhase transparent(SessionContext s) {
    return new SessionPhase(
        s, new FrontendAuthGuard(), new BackendSessionObserver(), MAX, "db:5432");
  }

  private static boolean isPrefix(ByteString part, ByteString whole) {
    return whole.take(part.length()).equals(part);
  }

  private static ErrorResponse decodeError(ByteString wire) {
    assertEquals('E', (char) wire.apply(0));
    int length = wire.drop(1).iterator().getInt(ByteOrder.BIG_ENDIAN);
    return ErrorResponse.decode(wire.slice(5, 1 + length));
  }

  private static ByteString message(char type, ByteString payload) {
    return ByteString.createBuilder()
        .putByte((byte) type)
        .putInt(payload.length() + 4, ByteOrder.BIG_ENDIAN)
        .result()
        .concat(payload);
  }

  private static ByteString dataRow(String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return message(
        'D',
        ByteString.createBuilder()
            .putShort(1, ByteOrder.BIG_ENDIAN)
            .putInt(v.length, ByteOrder.BIG_ENDIAN)
            .putBytes(v)
            .result());
  }

  @Test
  void serverBytesPassUnchangedWhateverTheChunkingAndTheSessionStateIsTracked() {
    ByteString input =
        new ParameterStatus("standard_conforming_strings", "off")
            .encode()
            .concat(new ParameterStatus("client_encoding", "SJIS").encode())
            .concat(
                new BackendKeyData(4242, ByteString.fromArray(new byte[] {1, 2, 3, 4})).encode())
            .concat(dataRow("x".repeat(300)))
            .concat(ReadyForQuery.IN_TRANSACTION.encode());
    for (List<ByteString> chunks : splits(input)) {
      TestProbe<SessionActor.Command> probe = testKit.createTestProbe();
      SessionContext s = session(probe, false);
      Run run = fromServer(transparent(s), chunks);
      assertNull(run.end());
      assertEquals(input, run.forwarded());
      assertEquals('T', s.transactionStatus());
      assertEquals(false, s.standardConformingStrings());
      assertEquals("windows-31j", s.clientCharset().name()); // what PostgreSQL means by SJIS
      probe.expectMessageClass(SessionActor.UpstreamConnected.class);
      SessionActor.BackendKeyReceived key =
          probe.expectMessageClass(SessionActor.BackendKeyReceived.class);
      assertEquals(new CancelKey(4242, ByteString.fromArray(new byte[] {1, 2, 3, 4})), key.key());
    }
  }

  @Test
  void channelBindingMechanismsAreStrippedFromTheSaslOfferWhateverTheChunking() {
    ByteString offer =
        new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")).encode();
    for (List<ByteString> chunks : splits(offer)) {
      SessionContext s = session(testKit.createTestProbe(), true);
      Run run = fromServer(transparent(s), chunks);
      assertEquals(new AuthenticationSasl(List.of("SCRAM-SHA-256")).encode(), run.forwarded());
      assertTrue(s.saslOffered());
    }
  }

  @Test
  void clientBytesPassUnchangedWhateverTheChunking() {
    ByteString input =
        new Query("select 1; select 'a;b'")
            .encode()
            .concat(message('B', ByteString.fromArray(new byte[] {0, 0, 0, 0, 0, 0, 0, 0})))
            .concat(Sync.INSTANCE.encode());
    for (List<ByteString> chunks : splits(input)) {
      SessionPhase phase = transparent(session(testKit.createTestProbe(), false));
      Run run = fromClient(phase, chunks);
      assertNull(run.end());
      assertEquals(input, run.forwarded());
      assertSame(SessionEnd.ORDERLY, phase.clientClosed());
    }
  }

  @Test
  void channelBindingFlagYTowardsATlsUpstreamEndsTheSessionWithTheFixAndNothingReachesTheServer() {
    ByteString start =
        new SaslInitialResponse("SCRAM-SHA-256", ByteString.fromString("y,,n=,r=abcdefghijklmnop"))
            .encode();
    for (List<ByteString> chunks : splits(start)) {
      SessionContext s = session(testKit.createTestProbe(), true);
      s.markSaslOffered();
      Run run = fromClient(transparent(s), chunks);
      assertEquals(ByteString.emptyByteString(), run.forwarded(), "nothing reaches the server");
      SessionEnd.Fatal fatal = assertInstanceOf(SessionEnd.Fatal.class, run.end());
      ErrorResponse error = decodeError(fatal.toClient());
      assertEquals(ErrorResponses.FATAL, error.severity());
      assertTrue(error.hint().contains("channel_binding=disable"), error.hint());
      assertTrue(fatal.drainClient(), "the client may still be sending");
    }
  }

  @Test
  void channelBindingFlagYTowardsAPlainUpstreamIsForwarded() {
    ByteString start =
        new SaslInitialResponse("SCRAM-SHA-256", ByteString.fromString("y,,n=,r=abcdefghijklmnop"))
            .encode();
    for (List<ByteString> chunks : splits(start)) {
      SessionContext s = session(testKit.createTestProbe(), false);
      s.markSaslOffered();
      assertEquals(start, fromClient(transparent(s), chunks).forwarded());
    }
  }

  @Test
  void anInspectedClientMessageOverTheLimitEndsTheSessionWith54000() {
    ByteString big = new Query("select '" + "x".repeat(2000) + "'").encode();
    ByteString input = Sync.INSTANCE.encode().concat(big);
    for (int cut = 0; cut <= input.length(); cut += 7) {
      SessionPhase phase =
          new SessionPhase(
              session(testKit.createTestProbe(), false),
              new FrontendAuthGuard(),
              new BackendSessionObserver(),
              1024,
              "db:5432");
      Run run = fromClient(phase, List.of(input.take(cut), input.drop(cut)));
      // what came before goes when it came in an earlier chunk; the server is closed either way
      assertTrue(isPrefix(run.forwarded(), Sync.INSTANCE.encode()), run.forwarded().toString());
      ErrorResponse error =
          decodeError(assertInstanceOf(SessionEnd.Fatal.class, run.end()).toClient());
      assertEquals("54000", error.sqlState());
      assertEquals(
          ByteString.emptyByteString(),
          phase.fromClient(Sync.INSTANCE.encode()),
          "input after the end is dropped");
    }
  }

  @Test
  void malformedClientBytesEndTheSessionWith08P01WhateverTheChunking() {
    ByteString input =
        Sync.INSTANCE.encode().concat(ByteString.fromArray(new byte[] {'Q', 0, 0, 0, 2}));
    for (List<ByteString> chunks : splits(input)) {
      Run run = fromClient(transparent(session(testKit.createTestProbe(), false)), chunks);
      assertTrue(isPrefix(run.forwarded(), Sync.INSTANCE.encode()), run.forwarded().toString());
      assertEquals(
          "08P01",
          decodeError(assertInstanceOf(SessionEnd.Fatal.class, run.end()).toClient()).sqlState());
    }
  }

  @Test
  void aClientClosingInsideAMessageIsAnErrorAndItsInputIsNotDrained() {
    ByteString query = new Query("select 1").encode();
    for (int cut = 1; cut < query.length(); cut++) {
      SessionPhase phase = transparent(session(testKit.createTestProbe(), false));
      assertNotNull(phase.fromClient(query.take(cut)));
      SessionEnd.Fatal fatal = assertInstanceOf(SessionEnd.Fatal.class, phase.clientClosed());
      assertEquals("08P01", decodeError(fatal.toClient()).sqlState());
      assertEquals(false, fatal.drainClient());
    }
  }

  @Test
  void anUpstreamFailureIsOneFatalAtAMessageBoundaryAndAnAbortInsideAStreamedDataRow() {
    ByteString input = ReadyForQuery.IDLE.encode().concat(dataRow("y".repeat(1000)));
    int rowStart = ReadyForQuery.IDLE.encode().length();
    for (int cut = 0; cut <= input.length(); cut++) {
      SessionPhase phase = transparent(session(testKit.createTestProbe(), false));
      assertNull(fromServer(phase, List.of(input.take(cut))).end());
      SessionEnd end = phase.fail(UpstreamFailure.broken("db:5432", new RuntimeException("reset")));
      // inside: part of the row went to the client (its header is out once complete)
      boolean insideRow = cut >= rowStart + 5 && cut < input.length();
      if (insideRow) {
        assertInstanceOf(SessionEnd.Abort.class, end, "cut " + cut);
      } else {
        ErrorResponse error =
            decodeError(assertInstanceOf(SessionEnd.Fatal.class, end, "cut " + cut).toClient());
        assertEquals("08006", error.sqlState());
        assertTrue(error.message().contains("db:5432"), error.message());
      }
      assertNull(phase.fail(new RuntimeException("later")), "the first reason wins");
    }
  }

  @Test
  void brokenServerBytesEndTheSessionAsABrokenUpstream() {
    ByteString input =
        ReadyForQuery.IDLE.encode().concat(ByteString.fromArray(new byte[] {'Z', 0, 0, 0, 1}));
    for (List<ByteString> chunks : splits(input)) {
      Run run = fromServer(transparent(session(testKit.createTestProbe(), false)), chunks);
      assertTrue(
          isPrefix(run.forwarded(), ReadyForQuery.IDLE.encode()), run.forwarded().toString());
      assertEquals(
          "08006",
          decodeError(assertInstanceOf(SessionEnd.Fatal.class, run.end()).toClient()).sqlState());
    }
  }

  @Test
  void theKillSwitchTellsTheClientWithoutWaitingForItAndOnlyOnce() {
    SessionPhase phase = transparent(session(testKit.createTestProbe(), false));
    SessionEnd.Fatal fatal =
        assertInstanceOf(SessionEnd.Fatal.class, phase.shutDown(new AdminShutdown()));
    assertEquals("57P01", decodeError(fatal.toClient()).sqlState());
    assertEquals(false, fatal.drainClient());
    assertNull(phase.shutDown(new AdminShutdown()));
    assertSame(fatal, phase.serverClosed(), "the end stays the failure");
  }

  private static final Enforcement ENFORCE_DEFAULTS =
      Enforcement.create(
          () ->
              new PolicySnapshot(
                  "db", Policy.fromJson("{\"mode\": \"enforce\"}").compile(), "test"),
          new DecisionSink() {
            @Override
            public void offer(DecisionEvent event) {}

            @Override
            public long dropped() {
              return 0;
            }
          });

  /** A session judging with the default catalog, after the server's first ReadyForQuery. */
  private static SessionPhase enforcing() {
    SessionContext s = session(testKit.createTestProbe(), false);
    SessionEnforcement judged =
        new SessionEnforcement(ENFORCE_DEFAULTS, new SessionFacts("1", "app", "db", "test"));
    SessionPhase phase =
        new SessionPhase(
            s,
            new EnforcingFrontend(new FrontendAuthGuard(), judged),
            new EnforcingBackend(new BackendSessionObserver(), judged),
            MAX,
            "db:5432");
    assertNull(fromServer(phase, List.of(ReadyForQuery.IDLE.encode())).end());
    return phase;
  }

  private static final ByteString DELETE = new Query("DELETE FROM users").encode();

  private static ByteString sentinelError(String sentinel) {
    return ErrorResponse.of("ERROR", "42601", "syntax error at or near \"" + sentinel + "\"")
        .encode()
        .concat(ReadyForQuery.IDLE.encode());
  }

  @Test
  void aBlockedQueryGoesUpAsASentinelWhateverTheChunking() {
    for (List<ByteString> chunks : splits(DELETE)) {
      Run up = fromClient(enforcing(), chunks);
      assertNull(up.end());
      assertEquals('Q', (char) up.forwarded().apply(0));
      String sentinel = Query.decode(up.forwarded().drop(5)).sql();
      assertTrue(sentinel.startsWith("vetro_blocked_"), sentinel);
      assertTrue(!sentinel.contains("DELETE"), sentinel);
    }
  }

  @Test
  void theSentinelsErrorComesBackAsTheBlockWhateverTheChunking() {
    ByteString someAnswer = sentinelError("vetro_blocked_0000000000000000_1");
    for (List<ByteString> back : splits(someAnswer)) {
      SessionPhase phase = enforcing();
      String sentinel = Query.decode(phase.fromClient(DELETE).drop(5)).sql();
      ByteString answer = sentinelError(sentinel);
      // the same cut positions on the real answer (the nonce has a fixed length)
      List<ByteString> cut = new ArrayList<>();
      int at = 0;
      for (ByteString piece : back) {
        cut.add(answer.slice(at, at + piece.length()));
        at += piece.length();
      }
      Run down = fromServer(phase, cut);
      assertNull(down.end());
      ErrorResponse block = decodeError(down.forwarded());
      assertEquals("42501", block.sqlState());
      assertTrue(block.message().startsWith("blocked by VETRO-001"), block.message());
      assertEquals(
          ReadyForQuery.IDLE.encode(), down.forwarded().takeRight(6), "the server's ReadyForQuery");
    }
  }
}
