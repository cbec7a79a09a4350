package dev.vetro.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.backend.ReadyForQuery;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.protocol.frontend.Sync;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.session.SessionActor;
import dev.vetro.proxy.session.SessionContext;
import java.nio.ByteOrder;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * PROXY_IDLE_TIMEOUT_SECONDS bookkeeping through the session phase, with the clock passed in: what
 * counts as idle (outside a transaction, nothing owed, no batch open) and what does not.
 */
class IdleWatchTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  private static final long TEN_SECONDS = Duration.ofSeconds(10).toNanos();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static SessionPhase phase(boolean watch) {
    SessionContext session =
        new SessionContext(1, testKit.<SessionActor.Command>createTestProbe().ref(), false);
    return new SessionPhase(
        session,
        new FrontendAuthGuard(),
        new BackendSessionObserver(),
        1 << 20,
        "db:5432",
        watch,
        ProxyMetrics.UNSCRAPED);
  }

  private static ByteString message(char type, String payload) {
    ByteString body = ByteString.fromString(payload);
    return ByteString.createBuilder()
        .putByte((byte) type)
        .putInt(body.length() + 4, ByteOrder.BIG_ENDIAN)
        .result()
        .concat(body);
  }

  private static boolean idleNow(SessionPhase phase) {
    return phase.idleFor(0, System.nanoTime());
  }

  private static boolean idleLater(SessionPhase phase) {
    return phase.idleFor(TEN_SECONDS, System.nanoTime() + TEN_SECONDS + 1);
  }

  @Test
  void idleOnlyOnceLoggedInAndOutsideATransaction() {
    SessionPhase phase = phase(true);
    assertFalse(idleLater(phase), "logging in: no ReadyForQuery yet");
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertTrue(idleLater(phase));
    assertFalse(phase.idleFor(TEN_SECONDS, System.nanoTime()), "not before the timeout");
    phase.fromClient(new Query("begin").encode());
    phase.fromServer(ReadyForQuery.IN_TRANSACTION.encode());
    assertFalse(idleLater(phase), "idle in a transaction does not count");
    phase.fromClient(new Query("commit").encode());
    assertFalse(idleLater(phase), "the commit is running");
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertTrue(idleLater(phase));
  }

  @Test
  void aQueryPipelinedBehindAnotherIsNotIdleUntilItsOwnReadyForQuery() {
    SessionPhase phase = phase(true);
    phase.fromServer(ReadyForQuery.IDLE.encode());
    phase.fromClient(
        new Query("select 1").encode().concat(new Query("select pg_sleep(100)").encode()));
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertFalse(idleLater(phase), "the second query still runs");
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertTrue(idleLater(phase));
  }

  @Test
  void anOpenExtendedBatchIsNotIdleUntilSyncIsAnswered() {
    SessionPhase phase = phase(true);
    phase.fromServer(ReadyForQuery.IDLE.encode());
    phase.fromClient(
        message('P', "\0select pg_sleep(100)\0\0\0")
            .concat(message('B', "\0\0\0\0\0\0\0\0"))
            .concat(message('E', "\0\0\0\0\0")));
    assertFalse(idleLater(phase), "Execute sent, no Sync: the server may be running it");
    phase.fromClient(Sync.INSTANCE.encode());
    assertFalse(idleLater(phase), "Sync sent, its ReadyForQuery not back");
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertTrue(idleLater(phase));
  }

  @Test
  void halfAMessageIsIdleAndAnyClientByteRestartsTheClock() {
    SessionPhase phase = phase(true);
    phase.fromServer(ReadyForQuery.IDLE.encode());
    long before = System.nanoTime();
    phase.fromClient(new Query("select 1").encode().take(6));
    assertFalse(
        phase.idleFor(TEN_SECONDS, before + TEN_SECONDS - 1), "the clock restarted at the bytes");
    assertTrue(idleLater(phase), "a client stuck inside a message is idle");
    assertTrue(idleNow(phase));
  }

  @Test
  void notWatchingMeansNeverIdle() {
    SessionPhase phase = phase(false);
    phase.fromServer(ReadyForQuery.IDLE.encode());
    assertFalse(idleLater(phase));
  }
}
