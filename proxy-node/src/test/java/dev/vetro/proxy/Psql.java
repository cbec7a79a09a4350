package dev.vetro.proxy;

import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;

/** The real psql 15 binary against a proxy, unaligned tuples-only output. */
public final class Psql {
  private Psql() {}

  public static ProcessRunner.Result run(String dsn, String sql) {
    return ProcessRunner.of(
            Tools.psql().toString(),
            "-X",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            dsn,
            "-c",
            sql)
        .env("PGCONNECT_TIMEOUT", "10")
        .timeout(Duration.ofSeconds(60))
        .run();
  }
}
