package dev.vetro.proxy.heartbeat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * "Is the database reachable from this proxy?" as a plain TCP connect, closed at once: cheap, needs
 * no credentials (the proxy never holds any), and tells apart the usual failures (refused, timeout,
 * unknown host). It does not prove the server accepts logins; the dashboard says "reachable".
 */
public final class UpstreamProbe {
  public record Result(boolean reachable, String detail) {}

  private final String host;
  private final int port;
  private final Duration timeout;

  public UpstreamProbe(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  public String address() {
    return host + ":" + port;
  }

  public Result probe() {
    if (host == null) {
      return new Result(false, "UPSTREAM_PG_HOST not set");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return new Result(true, "tcp connect ok");
    } catch (IOException | IllegalArgumentException e) {
      return new Result(false, "tcp connect to " + address() + " failed: " + e.getMessage());
    }
  }
}
