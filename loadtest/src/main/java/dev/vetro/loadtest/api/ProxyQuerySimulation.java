package dev.vetro.loadtest.api;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code POST /api/v1/proxy/query} at a constant open-model arrival rate: each virtual user sends
 * one statement from {@link QueryMix} and expects 200 with a decision, or 503 when the node sheds
 * load (a refusal is an answer, not a failure: Gatling's failures are the rest, mostly time-outs).
 * Each request's status and response time go to {@link Outcomes}, which keeps accepted and refused
 * figures apart. Connections are shared and kept alive, as a fleet of pipeline clients behind a
 * pool would do; a new connection per request would measure the kernel's TCP setup, not the API.
 * The shared pool opens another connection when every open one is busy, so a server stall shows up
 * as a burst of new connections (seen: ~1,100 when the node fell behind at 5,000 req/s); that is
 * how a fleet of independent clients behaves.
 *
 * <p>Parameters are system properties (Gatling instantiates the class itself): see {@link Params}.
 */
public class ProxyQuerySimulation extends Simulation {

  /** What one run needs; {@link GatlingRun} sets these before starting Gatling. */
  public record Params(
      String baseUrl, String apiKey, String databaseId, int rate, int seconds, boolean ramp) {
    static final String PREFIX = "vetro.load.";

    /** A constant arrival rate. */
    public Params(String baseUrl, String apiKey, String databaseId, int rate, int seconds) {
      this(baseUrl, apiKey, databaseId, rate, seconds, false);
    }

    /**
     * A warm-up: arrivals ramp from a tenth of the rate to the rate, so a cold JIT is not swamped.
     */
    Params ramped() {
      return new Params(baseUrl, apiKey, databaseId, rate, seconds, true);
    }

    void export() {
      System.setProperty(PREFIX + "base-url", baseUrl);
      System.setProperty(PREFIX + "api-key", apiKey);
      System.setProperty(PREFIX + "database-id", databaseId);
      System.setProperty(PREFIX + "rate", Integer.toString(rate));
      System.setProperty(PREFIX + "seconds", Integer.toString(seconds));
      System.setProperty(PREFIX + "ramp", Boolean.toString(ramp));
    }

    static Params fromSystemProperties() {
      return new Params(
          required("base-url"),
          required("api-key"),
          required("database-id"),
          Integer.parseInt(required("rate")),
          Integer.parseInt(required("seconds")),
          Boolean.parseBoolean(System.getProperty(PREFIX + "ramp", "false")));
    }

    private static String required(String name) {
      String v = System.getProperty(PREFIX + name);
      if (v == null || v.isBlank()) {
        throw new IllegalStateException("system property " + PREFIX + name + " is not set");
      }
      return v;
    }
  }

  public ProxyQuerySimulation() {
    Params p = Params.fromSystemProperties();
    QueryMix mix = new QueryMix();
    Iterator<Map<String, Object>> feeder =
        Stream.generate(
                () -> Map.<String, Object>of("body", QueryMix.body(mix.next(), p.databaseId())))
            .iterator();

    HttpProtocolBuilder protocol =
        http.baseUrl(p.baseUrl())
            .authorizationHeader("Bearer " + p.apiKey())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .shareConnections();

    ScenarioBuilder scn =
        scenario("proxy/query mix")
            .feed(feeder)
            .exec(
                http("proxy/query")
                    .post("/api/v1/proxy/query")
                    .body(StringBody("#{body}"))
                    .check(
                        status().saveAs("status"),
                        responseTimeInMillis().saveAs("rt"),
                        status().in(200, 503))
                    .checkIf((response, session) -> response.status().code() == 200)
                    .then(jsonPath("$.decision").exists()))
            .exec(
                session -> {
                  // no "status" when no response came (time-out, connection error); a failed
                  // session with a 200 means the decision was missing from the body
                  Outcomes.record(
                      session.contains("status") ? session.getInt("status") : null,
                      session.contains("rt") ? session.getInt("rt") : null,
                      !session.isFailed());
                  return session;
                });

    // The assertions are the target; Gatling prints each one with its actual value, which
    // is where GatlingStats reads the run's overall figures from (accepted and refused answers
    // together; Outcomes has them apart).
    Duration during = Duration.ofSeconds(p.seconds());
    setUp(
            scn.injectOpen(
                p.ramp()
                    ? rampUsersPerSec(p.rate() / 10.0).to(p.rate()).during(during)
                    : constantUsersPerSec(p.rate()).during(during)))
        .protocols(protocol)
        .assertions(
            global().requestsPerSec().gte((double) p.rate() * 0.98),
            global().responseTime().percentile(50.0).lte(20),
            global().responseTime().percentile(95.0).lte(20),
            global().responseTime().percentile(99.0).lte(20),
            global().responseTime().max().lte(1000),
            global().allRequests().count().gt(0L),
            global().failedRequests().count().is(0L));
  }
}
