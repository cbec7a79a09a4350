package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The plain Dockerfile, built by podman from target/image-root on the same Debian base the Jib
 * image uses (its default base, a slim JRE image from a registry, cannot be pulled here): the same
 * file layout as the Jib image, the same user, entrypoint, ports and labels, plus a HEALTHCHECK
 * running {@code vetro healthcheck}.
 */
class DockerfileImageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String listing(String image) {
    return Podman.ok(
        "run",
        "--rm",
        "--entrypoint",
        "/usr/bin/find",
        image,
        "/opt/vetro",
        "/var/lib/vetro",
        "-printf",
        "%p %m %u\\n");
  }

  @Test
  void dockerfileBuildsTheSameLayoutAsJib() throws Exception {
    Podman.ok("load", "-q", "-i", Path.of("target", "base.tar").toAbsolutePath().toString());
    String tag = "localhost/vetro-dockerfile:test";
    ProcessRunner.Result build =
        Podman.run(
            Duration.ofMinutes(10),
            "build",
            "--format",
            "docker",
            "--build-arg",
            "BASE=localhost/vetro-base:17",
            "--build-arg",
            "VERSION=" + Podman.VERSION,
            "-t",
            tag,
            Path.of("target", "image-root").toAbsolutePath().toString());
    assertEquals(0, build.exitCode(), build.describe());
    try {
      JsonNode config = JSON.readTree(Podman.ok("image", "inspect", tag)).get(0).path("Config");
      JsonNode jib =
          JSON.readTree(Podman.ok("image", "inspect", Podman.image())).get(0).path("Config");
      assertEquals(jib.path("User"), config.path("User"));
      assertEquals(jib.path("Entrypoint"), config.path("Entrypoint"));
      assertEquals(jib.path("Cmd"), config.path("Cmd"));
      assertEquals(jib.path("WorkingDir"), config.path("WorkingDir"));
      assertEquals(jib.path("ExposedPorts"), config.path("ExposedPorts"));
      assertEquals(
          jib.path("Labels").path("org.opencontainers.image.version"),
          config.path("Labels").path("org.opencontainers.image.version"));
      JsonNode health =
          JSON.readTree(Podman.ok("image", "inspect", tag)).get(0).findValue("Healthcheck");
      assertTrue(health != null && health.toString().contains("healthcheck"), "" + health);

      // same files, modes; the Dockerfile's working directory belongs to the user, Jib's is 777
      String docker = listing(tag).replaceAll("(/var/lib/vetro\\S*) \\d+ \\S+", "$1");
      String jibFiles = listing(Podman.image()).replaceAll("(/var/lib/vetro\\S*) \\d+ \\S+", "$1");
      assertEquals(jibFiles.lines().sorted().toList(), docker.lines().sorted().toList());

      ProcessRunner.Result check =
          ProcessRunner.of("podman", "run", "--rm", "-i", tag, "check", "-")
              .env("CONTAINERS_CONF", Podman.CONF.toString())
              .stdin("DELETE FROM users;\n")
              .timeout(Duration.ofMinutes(2))
              .run();
      assertEquals(1, check.exitCode(), check.describe());
      assertTrue(check.stdout().contains("BLOCKED VETRO-001"), check.describe());
    } finally {
      Podman.run(Duration.ofMinutes(1), "rmi", "-f", tag);
    }
  }
}
