package dev.vetro.proxy.metrics;

import dev.vetro.proxy.net.ConnectObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The metrics of one proxy node, served on the admin port's {@code /metrics}. Counters the node
 * updates are fields (striped adds, no lock, no allocation per event); values kept by other parts
 * (open sessions, buffered events, cluster members, policy age) are read when scraped through
 * {@link #gauge} / {@link #counterFrom}. Every label value comes from a closed set chosen in code —
 * decisions, rule codes of the catalog, directions, outcomes — never SQL text or a client's
 * strings, so a scrape stays small however the proxy is used.
 */
public final class ProxyMetrics {
  private static final Set<String> DECISIONS = Set.of("allowed", "flagged", "blocked");
  // Rule codes are produced by our engine from its catalog (VETRO-001, VETRO-PARSE-ERROR, ...);
  // the shape check and the cap keep even a bug from growing the series without bound.
  private static final Pattern RULE = Pattern.compile("none|VETRO-[A-Z0-9-]{1,32}");
  private static final int MAX_RULE_SERIES = 400;

  private final List<MetricFamily> families = new CopyOnWriteArrayList<>();

  /**
   * Counts of a node nobody scrapes: for parts built without a node's metrics (tests, tools), so
   * that the hot path never checks for a missing counter.
   */
  public static final ProxyMetrics UNSCRAPED = new ProxyMetrics();

  public final BytesRelayed bytes = add(new BytesRelayed());
  public final LabeledCounter statements;
  public final Histogram judgeSeconds =
      add(
          new Histogram(
              "vetro_proxy_judge_seconds",
              "Time to judge one statement (decision memo, cache or full analysis)",
              0.000005,
              0.00001,
              0.000025,
              0.00005,
              0.0001,
              0.00025,
              0.0005,
              0.001,
              0.0025,
              0.01,
              0.1,
              1));
  public final Counter upstreamConnectFailures =
      add(
          new Counter(
              "vetro_proxy_upstream_connect_failures_total",
              "Connections to PostgreSQL that could not be opened"));
  public final Histogram upstreamConnectSeconds =
      add(
          new Histogram(
              "vetro_proxy_upstream_connect_seconds",
              "Time to open a connection to PostgreSQL (TCP, and TLS when used)",
              0.0005,
              0.001,
              0.0025,
              0.005,
              0.01,
              0.025,
              0.05,
              0.1,
              0.25,
              1,
              5));

  /** Feeds the two above from the sockets of both relay drivers and of cancel forwarding. */
  public final ConnectObserver upstreamConnects =
      new ConnectObserver() {
        @Override
        public void connected(long nanos) {
          upstreamConnectSeconds.observeNanos(nanos);
        }

        @Override
        public void failed(long nanos) {
          upstreamConnectFailures.inc();
        }
      };

  public final LabeledCounter tlsHandshakeFailures =
      add(
          new LabeledCounter(
              "vetro_proxy_tls_handshake_failures_total",
              "TLS handshakes that failed, by hop",
              List.of("hop"),
              v -> Set.of("client", "upstream").contains(v.get(0))));
  public final LabeledCounter cancelRequests =
      add(
          new LabeledCounter(
              "vetro_proxy_cancel_requests_total",
              "CancelRequests received by this node, by outcome (routed_local: the session is on"
                  + " this node; routed_remote: sent to the node that holds it; unknown: no node"
                  + " knows the key)",
              List.of("outcome"),
              v -> Set.of("routed_local", "routed_remote", "unknown").contains(v.get(0))));

  public ProxyMetrics() {
    java.util.concurrent.ConcurrentHashMap<String, Boolean> rules =
        new java.util.concurrent.ConcurrentHashMap<>();
    statements =
        add(
            new LabeledCounter(
                "vetro_proxy_statements_total",
                "Statements judged, by decision and rule (none when no rule fired)",
                List.of("decision", "rule"),
                v ->
                    DECISIONS.contains(v.get(0))
                        && RULE.matcher(v.get(1)).matches()
                        && (rules.containsKey(v.get(1))
                            || (rules.size() < MAX_RULE_SERIES
                                && rules.putIfAbsent(v.get(1), true) == null))));
  }

  /** A value read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    add(new Gauge(name, help, value));
  }

  /** A monotonic count kept elsewhere, read at scrape time. */
  public void counterFrom(String name, String help, LongSupplier value) {
    add(new FunctionCounter(name, help, value));
  }

  /** Records one judged statement; {@code rule} null when no rule fired. */
  public void judged(String decision, String rule, long nanos) {
    statements.inc(decision, rule == null ? "none" : rule);
    judgeSeconds.observeNanos(nanos);
  }

  public String scrape() {
    return PrometheusText.render(new ArrayList<>(families));
  }

  private <T extends MetricFamily> T add(T family) {
    for (MetricFamily f : families) {
      if (f.name().equals(family.name())) {
        throw new IllegalStateException("metric " + family.name() + " registered twice");
      }
    }
    families.add(family);
    return family;
  }
}
