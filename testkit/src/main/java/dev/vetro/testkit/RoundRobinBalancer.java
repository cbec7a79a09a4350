package dev.vetro.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer of the simplest kind, as clouds put in front of a fleet: every new connection
 * goes to the next backend in turn, bytes are copied both ways. A client's cancel connection
 * therefore lands on another node than its session, which is what cancel-from-any-node must
 * survive.
 */
public final class RoundRobinBalancer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final List<Integer> routed = new CopyOnWriteArrayList<>();

  public RoundRobinBalancer(List<Integer> backendPorts) throws IOException {
    this.backends = List.copyOf(backendPorts);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "round-robin-balancer");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Index of the backend the next connection goes to. */
  public int nextBackend() {
    return Math.floorMod(next.get(), backends.size());
  }

  /** The backend port each connection so far went to, in order of arrival. */
  public List<Integer> routed() {
    return List.copyOf(routed);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int backend = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
        routed.add(backend);
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backend), 5000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                closeQuietly(to);
              }
            },
            "balancer-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
