package dev.vetro.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-over travels as an attribute of the connection's stream: a relay materialized deep
 * inside it (after the startup's prefix, as the session relay is) finds the accepted socket and may
 * take it, and nobody in between passes it along.
 */
class SocketHandoverTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final EventLoops loops = EventLoops.start(testKit.system(), 1, 64);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    loops.shutdown();
  }

  @Test
  void aFlowNestedAfterTheFirstBytesFindsTheAcceptedSocketAndCanTakeItOnTheLoop() throws Exception {
    assertEquals(Optional.of(true), whatTheNestedFlowSees(true));
  }

  @Test
  void withoutTheConnectionsAttributesThereIsNothingToTake() throws Exception {
    assertEquals(Optional.empty(), whatTheNestedFlowSees(false));
  }

  /** Whether a flow materialized after the client's first bytes sees a takeable socket. */
  private static Optional<Boolean> whatTheNestedFlowSees(boolean carryAttributes) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket client =
          new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort())) {
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        NioConnection.Takeable connection = NioConnection.takeable(accepted, true, loops.loop(0));
        CompletableFuture<Optional<Boolean>> seen = new CompletableFuture<>();
        Flow<ByteString, ByteString, ?> session =
            Flow.<ByteString>create()
                .flatMapPrefix(
                    1,
                    prefix ->
                        Flow.<ByteString, ByteString, NotUsed>fromMaterializer(
                            (materializer, attributes) -> {
                              seen.complete(
                                  attributes
                                      .getAttribute(SocketHandover.class)
                                      .map(SocketHandover::available));
                              return Flow.<ByteString>create();
                            }));
        Attributes attributes =
            carryAttributes
                ? loops.attributesFor(0).and(connection.attributes())
                : loops.attributesFor(0);
        Flow.fromGraph(connection.stage())
            .join(session)
            .addAttributes(attributes)
            .run(testKit.system());
        OutputStream out = client.getOutputStream();
        out.write(new byte[] {1, 2, 3});
        out.flush();
        return seen.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
