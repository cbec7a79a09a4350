package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.PgBouncerServer;
import dev.vetro.testkit.PostgresServer;
import java.util.List;
import java.util.Map;

/**
 * Heap per idle client connection of the proxy. Thousands of idle sessions would need thousands of
 * PostgreSQL backends, so the proxy's upstream here is PgBouncer in transaction mode in front of
 * the same PostgreSQL: the proxy still holds one client and one upstream socket per session, which
 * is what is being measured.
 */
record IdleHeap(
    int connections, long baselineHeap, long loadedHeap, long baselineRss, long loadedRss) {

  double heapPerConnection() {
    return (loadedHeap - baselineHeap) / (double) connections;
  }

  double rssPerConnection() {
    return (loadedRss - baselineRss) / (double) connections;
  }

  static IdleHeap measure(PostgresServer pg, int connections, List<String> proxyJvmOptions)
      throws Exception {
    PgbenchCompare.log(
        "idle heap: " + connections + " connections through PgBouncer (transaction mode)");
    try (PgBouncerServer bouncer =
            PgBouncerServer.start(
                pg,
                PgBouncerServer.Options.defaults()
                    .withPoolMode("transaction")
                    .withDefaultPoolSize(20)
                    .withSetting("max_client_conn", Integer.toString(connections + 100)));
        ProxyProcess proxy =
            ProxyProcess.start(bouncer.host(), bouncer.port(), proxyJvmOptions, Map.of())) {
      Endpoint endpoint =
          new Endpoint(
              "vetro",
              "127.0.0.1",
              proxy.port(),
              PostgresServer.SUPERUSER,
              pg.database(),
              proxy.pid());
      // Warm the code paths first so class loading and JIT metadata do not count as per-connection
      // cost.
      try (IdleConnections warm =
          IdleConnections.open(endpoint, PostgresServer.SUPERUSER_PASSWORD, 200)) {
        PgbenchCompare.log("warmed with " + warm.size() + " sessions");
      }
      Thread.sleep(2000);
      long heap0 = HeapProbe.liveHeapBytes(proxy.pid());
      long rss0 = HeapProbe.residentBytes(proxy.pid());
      try (IdleConnections idle =
          IdleConnections.open(endpoint, PostgresServer.SUPERUSER_PASSWORD, connections)) {
        Thread.sleep(3000);
        long heap1 = HeapProbe.liveHeapBytes(proxy.pid());
        long rss1 = HeapProbe.residentBytes(proxy.pid());
        IdleHeap result = new IdleHeap(idle.size(), heap0, heap1, rss0, rss1);
        PgbenchCompare.log(
            String.format(
                "idle heap: %.1f KiB/connection (live heap %d -> %d MiB)",
                result.heapPerConnection() / 1024, heap0 >> 20, heap1 >> 20));
        return result;
      }
    }
  }
}
