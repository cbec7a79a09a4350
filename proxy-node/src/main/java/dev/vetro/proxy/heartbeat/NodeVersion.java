package dev.vetro.proxy.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The proxy's build version, from the Maven-filtered {@code vetro-proxy-version.properties}. */
public final class NodeVersion {
  private static final String VERSION = read();

  private NodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in =
        NodeVersion.class.getClassLoader().getResourceAsStream("vetro-proxy-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${")
          ? "unknown"
          : v; // an unfiltered copy (IDE build) says so instead of lying
    } catch (IOException e) {
      return "unknown";
    }
  }
}
