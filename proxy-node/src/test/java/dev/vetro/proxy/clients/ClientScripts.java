package dev.vetro.proxy.clients;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client programs under {@code src/test/resources/clients/} and the {@code key=value} lines
 * they print. Each script reports what the server answered; the Java test decides whether that is
 * right, so expectations live in one place.
 */
final class ClientScripts {
  private ClientScripts() {}

  /** Path of a script on the test classpath (surefire runs from target/test-classes, not a jar). */
  static Path path(String name) {
    URL url = ClientScripts.class.getResource("/clients/" + name);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException(
          "test resource clients/" + name + " is missing from the test classpath: " + url);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code key=value} lines of a script's stdout; other lines are ignored, later keys win. */
  static Map<String, String> keyValues(String stdout) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return values;
  }
}
