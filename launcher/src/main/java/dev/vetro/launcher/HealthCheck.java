package dev.vetro.launcher;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * {@code vetro healthcheck [URL]}: exit 0 when URL answers 2xx within 3 s, else 1. Container images
 * carry no shell and no curl, so their HEALTHCHECK runs this through the JRE they already have.
 * Default URL: the proxy's readiness endpoint on {@code PROXY_ADMIN_PORT} (9187).
 */
final class HealthCheck {

  private HealthCheck() {}

  static String defaultUrl(Map<String, String> env) {
    String port = env.getOrDefault("PROXY_ADMIN_PORT", "9187");
    return "http://127.0.0.1:" + port + "/readyz";
  }

  static int run(String[] args, Map<String, String> env) {
    String url = args.length > 0 ? args[0] : defaultUrl(env);
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(3000);
      c.setReadTimeout(3000);
      int status = c.getResponseCode();
      c.disconnect();
      if (status / 100 == 2) {
        return 0;
      }
      System.err.println("vetro healthcheck: " + url + " answered " + status);
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("vetro healthcheck: " + url + ": " + e.getMessage());
      return 1;
    }
  }
}
