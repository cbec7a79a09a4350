package dev.vetro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1.
 *
 * <p>Asking the kernel for port 0 is the only way to avoid ports other processes hold (such as
 * 55432 on shared machines). A port handed out here is still only probably free when the caller
 * binds it, so callers that start servers retry on "address in use".
 */
public final class FreePorts {
  // Ports handed out by this JVM are not handed out again: two servers started back to back
  // would otherwise both be given the port the kernel just freed.
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {}

  /** A port on 127.0.0.1 that nothing listened on a moment ago. */
  public static synchronized int pick() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = bindEphemeral();
      if (GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free TCP port on 127.0.0.1 after 50 attempts");
  }

  private static int bindEphemeral() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind an ephemeral port on 127.0.0.1", e);
    }
  }
}
