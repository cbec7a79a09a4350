package dev.vetro.proxy.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.proxy.config.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST proxy/events} with {@code {"database_id", "batch_id", "events": [...]}}. The control
 * plane records a batch id once, so retrying after a lost answer does not duplicate decisions.
 */
public final class ApiEventTransport implements BatchTransport {
  private final ControlPlane api;
  private final HttpClient http;

  public ApiEventTransport(ControlPlane api, HttpClient http) {
    this.api = api;
    this.http = http;
  }

  @Override
  public Delivery deliver(EventBatch batch) {
    ObjectNode body = EventJson.MAPPER.createObjectNode();
    body.put("database_id", api.databaseId());
    body.put("batch_id", batch.batchId());
    body.putArray("events").addAll(batch.events());
    int status;
    String answer;
    try {
      HttpRequest request =
          api.request(api.eventsUri())
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      EventJson.MAPPER.writeValueAsString(body), StandardCharsets.UTF_8))
              .build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (InputStream in = response.body()) {
        // the answer is a few fields; a misbehaving server's long body is cut, not buffered whole
        answer = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      return new Delivery.Retry(api.eventsUri() + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Delivery.Retry("interrupted");
    }
    if (status / 100 == 2) {
      return new Delivery.Delivered();
    }
    String reason = api.eventsUri() + " answered " + status + ": " + answer;
    return status == 408 || status == 429 || status >= 500
        ? new Delivery.Retry(reason)
        : new Delivery.Rejected(reason);
  }

  @Override
  public String describe() {
    return "decisions -> " + api.eventsUri();
  }
}
