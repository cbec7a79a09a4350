package dev.vetro.proxy.config;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where the control plane's proxy-facing routes are and how to authenticate to them (api-node's
 * {@code ProxyRoutes}: {@code GET proxy/policy}, {@code POST proxy/events}, {@code POST
 * proxy/heartbeat}, all with {@code Authorization: Bearer <key>}).
 *
 * @param apiRoot ends with {@code /api/v1}
 */
public record ControlPlane(URI apiRoot, String apiKey, String databaseId) {
  /** api-node refuses larger batches (ProxyRoutes.MAX_EVENTS). */
  public static final int MAX_EVENTS_PER_BATCH = 1000;

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public URI policyUri() {
    return URI.create(
        apiRoot
            + "/proxy/policy?database_id="
            + URLEncoder.encode(databaseId, StandardCharsets.UTF_8));
  }

  public URI eventsUri() {
    return URI.create(apiRoot + "/proxy/events");
  }

  public URI heartbeatUri() {
    return URI.create(apiRoot + "/proxy/heartbeat");
  }

  /** A request with the key and a timeout, so a hung control plane never holds a caller forever. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json");
  }

  /** For logs and the policy origin: never the key. */
  @Override
  public String toString() {
    return apiRoot.toString();
  }
}
