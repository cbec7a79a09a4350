package dev.vetro.launcher.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A TCP balancer that consults readiness, as a Kubernetes Service or a cloud load balancer with a
 * health check does: it polls every backend's {@code /readyz} every 100 ms and sends a new
 * connection only to a backend that answered 200 at the last poll, round-robin among those.
 *
 * <p>Between a node's turning not ready and the next poll, the balancer may still pick it; the node
 * has closed its port by then, so the connect is refused. A refused connect carries none of the
 * client's bytes, so the balancer tries the next ready backend (what HAProxy's {@code retries} with
 * {@code option redispatch} and Envoy's connect-failure retries do). Once a connect has succeeded
 * the bytes are copied both ways and nothing is retried: a connection the node accepted and then
 * cut or reset reaches the client as exactly that.
 */
final class ReadyBalancer implements AutoCloseable {
  private static final long POLL_MILLIS = 100;

  /** How long a new connection waits for some ready backend before it is given up. */
  private static final long ROUTE_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket server;
  private final List<Fleet.Proxy> backends;
  private final AtomicBoolean[] ready;
  private final AtomicIntegerArray served;
  private final AtomicIntegerArray refused;
  private final AtomicInteger unrouted = new AtomicInteger();
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  ReadyBalancer(List<Fleet.Proxy> backends) throws IOException {
    this.backends = List.copyOf(backends);
    this.ready = new AtomicBoolean[backends.size()];
    for (int i = 0; i < ready.length; i++) {
      ready[i] = new AtomicBoolean();
    }
    this.served = new AtomicIntegerArray(backends.size());
    this.refused = new AtomicIntegerArray(backends.size());
    poll(); // start with what is ready now
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    daemon(this::pollLoop, "ready-balancer-poll");
    daemon(this::acceptLoop, "ready-balancer");
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections the backend {@code i} took (connect succeeded, bytes copied). */
  int served(int i) {
    return served.get(i);
  }

  /** Connects to backend {@code i} that were refused although its last poll said ready. */
  int refused(int i) {
    return refused.get(i);
  }

  /** Client connections closed because no backend took them within 30 s. */
  int unrouted() {
    return unrouted.get();
  }

  private void pollLoop() {
    while (!closed) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      poll();
    }
  }

  private void poll() {
    for (int i = 0; i < backends.size(); i++) {
      HttpResponse<String> r = NodeProcess.get(backends.get(i).adminPort(), "/readyz");
      ready[i].set(r != null && r.statusCode() == 200);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      daemon(() -> route(client), "ready-balancer-route");
    }
  }

  private void route(Socket client) {
    long deadline = System.currentTimeMillis() + ROUTE_TIMEOUT_MILLIS;
    while (!closed && System.currentTimeMillis() < deadline) {
      int n = backends.size();
      int start = Math.floorMod(next.getAndIncrement(), n);
      for (int k = 0; k < n; k++) {
        int i = (start + k) % n;
        if (!ready[i].get()) {
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(i).pgPort()),
              5000);
        } catch (IOException e) {
          refused.incrementAndGet(i);
          closeQuietly(upstream);
          continue;
        }
        served.incrementAndGet(i);
        pipe(client, upstream);
        pipe(upstream, client);
        return;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        break;
      }
    }
    unrouted.incrementAndGet();
    closeQuietly(client);
  }

  private static void pipe(Socket from, Socket to) {
    daemon(
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
            // a reset on one side is passed on as a reset (close with data unread), not hidden
            closeQuietly(to);
          }
        },
        "ready-balancer-pipe");
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
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
    closed = true;
    server.close();
  }
}
