package dev.vetro.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * {@code vetro_proxy_bytes_total{direction}}: bytes the sessions relayed, as read from each side
 * (protocol bytes, before TLS on either hop). Two fixed series, so the hot path adds to a field
 * with no label lookup and no allocation.
 */
public final class BytesRelayed implements MetricFamily {
  /** Bytes read from clients (what the sessions sent towards the server). */
  public final LongAdder clientToServer = new LongAdder();

  /** Bytes read from the server (what the sessions sent towards their clients). */
  public final LongAdder serverToClient = new LongAdder();

  @Override
  public String name() {
    return "vetro_proxy_bytes_total";
  }

  @Override
  public String help() {
    return "Bytes relayed by the sessions, by direction (protocol bytes, before TLS)";
  }

  @Override
  public String type() {
    return "counter";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    out.append(name())
        .append("{direction=\"client_to_server\"} ")
        .append(clientToServer.sum())
        .append('\n');
    out.append(name())
        .append("{direction=\"server_to_client\"} ")
        .append(serverToClient.sum())
        .append('\n');
  }
}
