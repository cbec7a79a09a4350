package dev.vetro.loadtest.pgbench;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.config.ProxyConfig;

/**
 * The proxy with no policy at all: the same listener, relay and configuration as `bin/vetro proxy`,
 * but no statement is judged. Issue 2's target is about the proxy as a transport; this endpoint
 * measures exactly that, next to the enforcing one. It lives in the benchmark harness on purpose:
 * the product has no switch that turns judging off.
 */
public final class TransparentProxyMain {
  private TransparentProxyMain() {}

  public static void main(String[] args) {
    ProxyServer server = ProxyServer.start(ProxyConfig.fromEnv(System.getenv()));
    server.whenTerminated().join();
  }
}
