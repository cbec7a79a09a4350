package dev.vetro.proxy.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The NIO connection stage against real sockets, on the loop's dispatcher and off it. */
class NioConnectionTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final EventLoops loops = EventLoops.start(testKit.system(), 1, 64);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    loops.shutdown();
  }

  private static Flow<ByteString, ByteString, ?> connectTo(int port, boolean halfClose) {
    return Flow.fromGraph(
        NioConnection.outgoing(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            Duration.ofSeconds(5),
            halfClose,
            loops.loop(0)));
  }

  /** A server that echoes every byte and closes when the client has closed its side. */
  private static ServerSocket echoServer() throws IOException {
    ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.getInputStream().transferTo(s.getOutputStream());
              } catch (IOException ignored) {
                // test ends
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void bytesComeBackUnchangedThroughAnEchoServerAndTheStreamCompletesAfterThePeerCloses()
      throws Exception {
    byte[] payload =
        randomBytes(3 * 1024 * 1024 + 17); // more than a socket buffer: exercises OP_WRITE
    try (ServerSocket server = echoServer()) {
      Source<ByteString, ?> input = Source.from(chunksOf(payload, 7919));
      ByteString echoed =
          input
              .via(connectTo(server.getLocalPort(), true))
              .runWith(
                  Sink.fold(ByteString.emptyByteString(), ByteString::concat), testKit.system())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertArrayEquals(payload, echoed.toArray());
    }
  }

  @Test
  void streamsOnTheLoopDispatcherRunOnTheLoopThreadAndRelayTheSameBytes() throws Exception {
    byte[] payload = randomBytes(200_000);
    Set<String> stageThreads = ConcurrentHashMap.newKeySet();
    try (ServerSocket server = echoServer()) {
      ByteString echoed =
          Source.from(chunksOf(payload, 1000))
              .via(connectTo(server.getLocalPort(), true))
              .map(
                  bytes -> {
                    stageThreads.add(Thread.currentThread().getName());
                    return bytes;
                  })
              .toMat(Sink.fold(ByteString.emptyByteString(), ByteString::concat), Keep.right())
              .addAttributes(loops.attributesFor(0))
              .run(testKit.system())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertArrayEquals(payload, echoed.toArray());
    }
    // The point of the loop dispatcher: the stream's stages run on the thread that does the I/O.
    assertEquals(Set.of(testKit.system().name() + "-vetro.proxy.event-loop-0"), stageThreads);
  }

  @Test
  void anUnresolvedHostNameIsResolvedOffTheLoopAndConnects() throws Exception {
    try (ServerSocket server = echoServer()) {
      ByteString echoed =
          Source.single(ByteString.fromString("ping"))
              .via(
                  Flow.fromGraph(
                      NioConnection.outgoing(
                          InetSocketAddress.createUnresolved("localhost", server.getLocalPort()),
                          Duration.ofSeconds(5),
                          true,
                          loops.loop(0))))
              .runWith(
                  Sink.fold(ByteString.emptyByteString(), ByteString::concat), testKit.system())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals("ping", echoed.utf8String());
    }
  }

  @Test
  void refusedConnectFailsWithPekkoWordingSoUpstreamErrorsKeepTheirReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                Source.<ByteString>maybe()
                    .via(connectTo(closedPort, false))
                    .runWith(Sink.ignore(), testKit.system())
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
    StreamTcpException tcp = assertInstanceOf(StreamTcpException.class, e.getCause());
    assertTrue(
        tcp.getMessage()
            .contains("failed because of java.net.ConnectException: Connection refused"),
        tcp.getMessage());
  }

  @Test
  void acceptedHalfClosedConnectionSendsFinButKeepsReadingUntilThePeerCloses() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket client =
          new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort())) {
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        LinkedBlockingQueue<ByteString> received = new LinkedBlockingQueue<>();
        CompletableFuture<?> done =
            Source.single(ByteString.fromString("bye"))
                .via(Flow.fromGraph(NioConnection.accepted(accepted, true, loops.loop(0))))
                .runForeach(received::add, testKit.system())
                .toCompletableFuture();
        InputStream in = client.getInputStream();
        assertArrayEquals("bye".getBytes(), in.readNBytes(3));
        assertEquals(-1, in.read(), "FIN after the input ended");
        client.getOutputStream().write("still here".getBytes());
        client.getOutputStream().flush();
        assertEquals("still here", readString(received, 10));
        client.shutdownOutput();
        done.get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void failedInputResetsTheConnectionInsteadOfEndingItCleanly() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket client =
          new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort())) {
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        Source.<ByteString>failed(new IllegalStateException("broken relay"))
            .via(Flow.fromGraph(NioConnection.accepted(accepted, true, loops.loop(0))))
            .runWith(Sink.ignore(), testKit.system());
        client.setSoTimeout(10_000);
        assertThrows(
            SocketException.class, () -> client.getInputStream().read(), "reset, not a clean EOF");
      }
    }
  }

  private static List<ByteString> chunksOf(byte[] payload, int size) {
    List<ByteString> out = new ArrayList<>();
    for (int i = 0; i < payload.length; i += size) {
      out.add(ByteString.fromArray(payload, i, Math.min(size, payload.length - i)));
    }
    return out;
  }

  private static String readString(LinkedBlockingQueue<ByteString> queue, int length)
      throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < length) {
      ByteString next = queue.poll(10, TimeUnit.SECONDS);
      if (next == null) {
        break;
      }
      out.writeBytes(next.toArray());
    }
    return out.toString();
  }
}
