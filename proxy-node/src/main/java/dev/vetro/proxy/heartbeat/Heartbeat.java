package dev.vetro.proxy.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.proxy.config.ControlPlane;
import dev.vetro.proxy.policycache.PolicySnapshot;
import dev.vetro.proxy.policycache.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval: probe the upstream, assemble a {@link ProxyStatus}, and send it to the control
 * plane's {@code POST proxy/heartbeat} (or, standalone, log it at DEBUG). Its own daemon thread,
 * because the probe and the request block for up to their timeouts and must not hold a dispatcher.
 * When the answer says {@code policy_stale}, the policy cache is asked to refresh at once, so a
 * policy change reaches the node within one heartbeat even if the poll interval is long.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The node's fixed facts, read once from the environment. */
  public record NodeFacts(
      String version, String nodeId, String upstreamTlsMode, String clientTlsMode) {}

  private final NodeFacts facts;
  private final UpstreamProbe upstream;
  private final PolicySource policy;
  private final LongSupplier droppedEvents;
  private final Optional<ControlPlane> api;
  private final HttpClient http;
  private final Runnable onPolicyStale;
  private final ScheduledExecutorService timer;
  private volatile IntSupplier openSessions = () -> -1;
  private volatile ProxyStatus latest;
  private volatile String lastFailure;

  public Heartbeat(
      NodeFacts facts,
      UpstreamProbe upstream,
      PolicySource policy,
      LongSupplier droppedEvents,
      Optional<ControlPlane> api,
      HttpClient http,
      Runnable onPolicyStale) {
    this.facts = facts;
    this.upstream = upstream;
    this.policy = policy;
    this.droppedEvents = droppedEvents;
    this.api = api;
    this.http = http;
    this.onPolicyStale = onPolicyStale;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vetro-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  public void start(Duration every) {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            beat();
          } catch (RuntimeException e) {
            log.error(
                "heartbeat failed: {}", e.toString(), e); // and keep beating: the next may work
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The node's session counter; until set, {@code open_sessions} is reported as unknown. */
  public void openSessions(IntSupplier counter) {
    this.openSessions = counter;
  }

  /** The status of the last beat, or null before the first. */
  public ProxyStatus latest() {
    return latest;
  }

  /** One beat now, on the caller's thread (the timer's, or a test's). */
  public ProxyStatus beat() {
    ProxyStatus status = status();
    latest = status;
    if (api.isPresent()) {
      send(api.get(), status);
    } else if (log.isDebugEnabled()) {
      log.debug("heartbeat {}", status.toJson());
    }
    return status;
  }

  /** Assembles the current status without sending it. */
  public ProxyStatus status() {
    UpstreamProbe.Result probe = upstream.probe();
    PolicySnapshot p = policy.current();
    return new ProxyStatus(
        Instant.now(),
        facts.version(),
        facts.nodeId(),
        p.databaseId(),
        upstream.address(),
        probe.reachable(),
        probe.detail(),
        facts.upstreamTlsMode(),
        facts.clientTlsMode(),
        openSessions.getAsInt(),
        droppedEvents.getAsLong(),
        p.version(),
        p.origin());
  }

  private void send(ControlPlane cp, ProxyStatus status) {
    try {
      HttpRequest req =
          cp.request(cp.heartbeatUri())
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      status.toJson().toString(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (InputStream in = resp.body()) {
        body = new String(in.readNBytes(16_384), StandardCharsets.UTF_8);
      }
      if (resp.statusCode() != 200) {
        failed(cp.heartbeatUri() + " answered " + resp.statusCode() + ": " + body.strip());
        return;
      }
      if (lastFailure != null) {
        log.info("heartbeat: {} answers again", cp.heartbeatUri());
        lastFailure = null;
      }
      JsonNode answer = JSON.readTree(body);
      if (answer.path("policy_stale").asBoolean(false)) {
        log.info(
            "heartbeat: control plane has policy version {}, node enforces {}; refreshing now",
            answer.path("policy_version").asText("?"),
            status.policyVersion());
        onPolicyStale.run();
      }
    } catch (IOException e) {
      failed(cp.heartbeatUri() + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void failed(String reason) {
    if (!reason.equals(
        lastFailure)) { // once per distinct failure: an outage must not flood the log
      log.warn("heartbeat: {}", reason);
      lastFailure = reason;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
