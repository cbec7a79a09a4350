package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;

/** The test-only PostgreSQL image (bin/build-test-postgres-image), built or loaded once. */
final class PostgresImage {

  private static String image;

  private PostgresImage() {}

  static synchronized String image() {
    if (image == null) {
      ProcessRunner.Result r =
          ProcessRunner.of(Path.of("bin", "build-test-postgres-image").toAbsolutePath().toString())
              .env("CONTAINERS_CONF", Podman.CONF.toString())
              .timeout(Duration.ofMinutes(30))
              .run();
      assertEquals(0, r.exitCode(), r.describe());
      image = "localhost/vetro-test-postgres:15";
    }
    return image;
  }
}
