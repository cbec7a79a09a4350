package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * podman with the project's containers.conf (host networking, runc, cgroupfs: see
 * src/podman/containers.conf), and the image this module built, loaded once per JVM.
 */
final class Podman {

  static final String VERSION = System.getProperty("vetro.version", "0.1.0-SNAPSHOT");
  static final String IMAGE = "localhost/vetro:" + VERSION;
  static final Path IMAGE_TAR = Path.of("target", "vetro-image.tar").toAbsolutePath();
  static final Path CONF = Path.of("src", "podman", "containers.conf").toAbsolutePath();

  private static boolean loaded;

  private Podman() {}

  static ProcessRunner.Result run(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("podman");
    cmd.addAll(List.of(args));
    return ProcessRunner.of(cmd).env("CONTAINERS_CONF", CONF.toString()).timeout(timeout).run();
  }

  static String ok(String... args) {
    ProcessRunner.Result r = run(Duration.ofMinutes(3), args);
    assertEquals(0, r.exitCode(), r.describe());
    return r.stdout();
  }

  /** {@code podman load} of target/vetro-image.tar (Jib's buildTar output), once. */
  static synchronized String image() {
    if (!loaded) {
      if (!Files.isRegularFile(IMAGE_TAR)) {
        throw new AssertionError(
            IMAGE_TAR + " missing: the images profile builds it (mvn -Pimages)");
      }
      ok("load", "-q", "-i", IMAGE_TAR.toString());
      loaded = true;
    }
    return IMAGE;
  }

  /** Removes a container whatever its state; for finally blocks. */
  static void remove(String name) {
    run(Duration.ofMinutes(1), "rm", "-f", "-t", "2", name);
  }
}
