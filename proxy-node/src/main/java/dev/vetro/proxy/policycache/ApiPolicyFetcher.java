package dev.vetro.proxy.policycache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyException;
import dev.vetro.proxy.config.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The control plane's {@code GET proxy/policy?database_id=…} with {@code If-None-Match}, so an
 * unchanged policy costs a 304 and no parsing. The body is {@code {"database_id", "version",
 * "dialect", "mode", "policy": {…}}}; {@code policy} is the effective policy (mode and version
 * already applied by the control plane).
 */
public final class ApiPolicyFetcher implements PolicyFetcher {
  static final long MAX_BYTES = 4L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane api;
  private final HttpClient http;
  private final Executor blocking;

  public ApiPolicyFetcher(ControlPlane api, HttpClient http, Executor blocking) {
    this.api = api;
    this.http = http;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<FetchOutcome> fetch(String knownEtag) {
    HttpRequest.Builder req = api.request(api.policyUri()).GET();
    if (knownEtag != null) {
      req.header("If-None-Match", knownEtag);
    }
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream())
        .thenApplyAsync(this::outcome, blocking)
        .exceptionally(e -> new FetchOutcome.Failed(describe() + " unreachable: " + rootCause(e)));
  }

  private FetchOutcome outcome(HttpResponse<InputStream> response) {
    try {
      String body = BoundedBody.read(response.body(), MAX_BYTES);
      int status = response.statusCode();
      if (status == 304) {
        return new FetchOutcome.NotModified(describe());
      }
      if (status != 200) {
        return new FetchOutcome.Failed(
            describe() + " answered " + status + ": " + BoundedBody.excerpt(body));
      }
      JsonNode policy = JSON.readTree(body).get("policy");
      if (policy == null || !policy.isObject()) {
        return new FetchOutcome.Failed(describe() + " answered 200 without a 'policy' object");
      }
      String json = policy.toString();
      Policy.fromJson(json);
      String etag = response.headers().firstValue("ETag").orElse(null);
      return new FetchOutcome.Fetched(json, etag, describe());
    } catch (PolicyException e) {
      return new FetchOutcome.Failed(
          describe() + " sent a policy this proxy cannot use: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new FetchOutcome.Failed(describe() + " sent an unreadable answer: " + e.getMessage());
    }
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t.getCause() != null && t.getMessage() == null)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  @Override
  public String describe() {
    return "api " + api;
  }
}
