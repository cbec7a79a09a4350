package dev.vetro.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SocketIoTest {

  /**
   * The upstream target is a host name, resolved off the loop; a session that ends in that window
   * (client gone, connect timeout, kill switch) closes a socket that has no channel yet.
   */
  @Test
  void closingWhileTheHostNameIsStillBeingResolvedSignalsClosedAndNeverConnects() throws Exception {
    EventLoop loop = new EventLoop("test-loop-resolving");
    try (ServerSocket server = new ServerSocket(0)) {
      List<Object> events = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      loop.execute(
          () -> {
            try {
              SocketIo io = new SocketIo(loop, events::add);
              io.connect(InetSocketAddress.createUnresolved("localhost", server.getLocalPort()));
              io.close(); // same loop task: the name cannot have been resolved yet
              closed.complete(null);
            } catch (Throwable e) {
              closed.completeExceptionally(e);
            }
          });
      closed.get(10, TimeUnit.SECONDS);
      // The resolution finishes later and must not open a connection for the closed socket.
      CompletableFuture<Void> afterResolution = new CompletableFuture<>();
      Thread.sleep(200); // lets the resolver's open() task reach the loop; no assertion on timing
      loop.execute(() -> afterResolution.complete(null));
      afterResolution.get(10, TimeUnit.SECONDS);
      assertEquals(List.of(SocketIo.Signal.CLOSED), events);
      server.setSoTimeout(200);
      assertTrue(acceptsNothing(server), "no connection was opened after the close");
    } finally {
      loop.shutdown();
    }
  }

  private static boolean acceptsNothing(ServerSocket server) throws Exception {
    try (var ignored = server.accept()) {
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    }
  }
}
