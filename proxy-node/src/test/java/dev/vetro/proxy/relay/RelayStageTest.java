package dev.vetro.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.backend.ReadyForQuery;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.protocol.frontend.Sync;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.upstream.UpstreamFailure;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The stream driver of the session phase, for its I/O only (what the phase decides is tested in
 * {@link SessionPhaseTest}): bytes flow both ways, and a failing session puts its FATAL on the
 * client's port and closes the server's.
 */
class RelayStageTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Client chunks through the stage joined with a server that sends {@code server}. */
  private static List<ByteString> run(
      Source<ByteString, ?> client,
      Source<ByteString, ?> server,
      CompletableFuture<List<ByteString>> toServer)
      throws Exception {
    SessionPhase phase =
        new SessionPhase(
            new SessionContext(
                1,
                testKit.<dev.vetro.proxy.session.SessionActor.Command>createTestProbe().ref(),
                false),
            new FrontendAuthGuard(),
            new BackendSessionObserver(),
            1 << 20,
            "db:5432");
    Flow<ByteString, ByteString, ?> upstream =
        Flow.fromSinkAndSource(
            Sink.<ByteString>seq()
                .mapMaterializedValue(
                    f -> f.whenComplete((v, e) -> toServer.complete(v == null ? List.of() : v))),
            server);
    return client
        .via(BidiFlow.fromGraph(new RelayStage(phase)).join(upstream))
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

  private static ByteString dataRow(int size) {
    ByteString payload =
        ByteString.createBuilder()
            .putShort(1, ByteOrder.BIG_ENDIAN)
            .putInt(size, ByteOrder.BIG_ENDIAN)
            .putBytes(new byte[size])
            .result();
    return ByteString.createBuilder()
        .putByte((byte) 'D')
        .putInt(payload.length() + 4, ByteOrder.BIG_ENDIAN)
        .result()
        .concat(payload);
  }

  @Test
  void bytesFlowBothWaysAndTheServerClosingEndsTheClientSide() throws Exception {
    ByteString up = new Query("select 1").encode().concat(Sync.INSTANCE.encode());
    ByteString down = ReadyForQuery.IDLE.encode().concat(dataRow(300));
    CompletableFuture<List<ByteString>> toServer = new CompletableFuture<>();
    List<ByteString> toClient =
        run(
            Source.from(List.of(up.take(3), up.drop(3))),
            Source.from(List.of(down.take(10), down.drop(10))),
            toServer);
    assertEquals(down, join(toClient));
    assertEquals(up, join(toServer.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void anUpstreamFailureReachesTheClientAsOneFatalAfterWhatWasRelayed() throws Exception {
    List<ByteString> toClient =
        run(
            Source.maybe(),
            thenFail(
                ReadyForQuery.IDLE.encode(),
                UpstreamFailure.broken("db:5432", new RuntimeException("reset"))),
            new CompletableFuture<>());
    assertEquals(2, toClient.size());
    assertEquals(ReadyForQuery.IDLE.encode(), toClient.get(0));
    ErrorResponse error = ErrorResponse.decode(toClient.get(1).drop(5));
    assertEquals("08006", error.sqlState());
  }

  @Test
  void anUpstreamFailureInsideAStreamedDataRowClosesWithoutSplicingAnError() throws Exception {
    ByteString row = dataRow(1000);
    List<ByteString> toClient =
        run(
            Source.maybe(),
            thenFail(row.take(100), new RuntimeException("connection reset")),
            new CompletableFuture<>());
    assertEquals(List.of(row.take(100)), toClient);
  }

  @Test
  void badClientBytesPutTheFatalOnTheClientPortAndCloseTheServerSide() throws Exception {
    CompletableFuture<List<ByteString>> toServer = new CompletableFuture<>();
    List<ByteString> toClient =
        run(
            Source.single(ByteString.fromArray(new byte[] {'Q', 0, 0, 0, 2})),
            Source.maybe(),
            toServer);
    assertEquals(1, toClient.size());
    assertEquals("08P01", ErrorResponse.decode(toClient.get(0).drop(5)).sqlState());
    assertTrue(toServer.get(10, TimeUnit.SECONDS).isEmpty(), "nothing reached the server");
  }
}
