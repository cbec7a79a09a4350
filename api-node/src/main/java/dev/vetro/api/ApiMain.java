package dev.vetro.api;

import dev.vetro.cluster.ClusterSettings;
import dev.vetro.cluster.NodeKind;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/vetro api}: one api node configured from the environment (see README), logging JSON
 * lines to stdout. Runs until the process is stopped; Pekko's coordinated shutdown leaves the
 * cluster on SIGTERM.
 */
public final class ApiMain {
  private ApiMain() {}

  public static void main(String[] args) throws InterruptedException {
    // before the first logger exists; an explicit -Dlogback.configurationFile still wins
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "vetro-api-logback.xml");
    }
    ApiConfig config;
    ClusterSettings cluster;
    try {
      config = ApiConfig.fromEnv(System.getenv());
      cluster = ClusterSettings.fromEnv(System.getenv(), NodeKind.API);
    } catch (IllegalArgumentException e) {
      System.err.println("vetro api: " + e.getMessage());
      System.exit(2);
      return;
    }
    ApiServer.Handle handle = ApiServer.start(config, cluster);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  handle.shutdown();
                  stopped.countDown();
                },
                "vetro-api-shutdown"));
    stopped.await();
  }
}
