package dev.vetro.proxy.upstream;

import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.net.EventLoops;
import dev.vetro.proxy.net.NioConnection;
import dev.vetro.proxy.tls.TlsContexts;
import dev.vetro.proxy.tls.TlsFailures;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;

/**
 * The hop to PostgreSQL as a plain byte flow: each materialization is a new connection, with the
 * in-band TLS upgrade done when the config asks for it, and failures already translated into {@link
 * UpstreamFailure}s. Also used for forwarding CancelRequests.
 */
public final class UpstreamConnector {
  private final EventLoops loops;
  private final ProxyConfig config;
  private final TlsContexts tls;
  private final ProxyMetrics metrics;

  public UpstreamConnector(EventLoops loops, ProxyConfig config, TlsContexts tls) {
    this(loops, config, tls, ProxyMetrics.UNSCRAPED);
  }

  /** Connect time, connect failures and failed TLS handshakes go to {@code metrics}. */
  public UpstreamConnector(
      EventLoops loops, ProxyConfig config, TlsContexts tls, ProxyMetrics metrics) {
    this.loops = loops;
    this.config = config;
    this.tls = tls;
    this.metrics = metrics;
  }

  /** The node's metrics, for the relay drivers that open their own server sockets. */
  public ProxyMetrics metrics() {
    return metrics;
  }

  public boolean upstreamTls() {
    return tls.upstreamTlsEnabled();
  }

  public String address() {
    return config.upstreamAddress();
  }

  /** Where the server is, unresolved: the socket layer resolves it off the event loop. */
  public InetSocketAddress target() {
    return InetSocketAddress.createUnresolved(config.upstreamHost(), config.upstreamPort());
  }

  public Duration connectTimeout() {
    return config.upstreamConnectTimeout();
  }

  /** Bytes in are sent to the server (after TLS, if any); bytes out are what the server sent. */
  public Flow<ByteString, ByteString, NotUsed> connection() {
    // halfClose=false: when the client side is done, the server must see the hop close at once,
    // so that its backend ends instead of idling on a half-open socket.
    // Runs on the event loop of the stream it joins (the client's), so both sockets of a session
    // share one thread; loop 0 only serves streams that run elsewhere (cancel forwarding).
    Flow<ByteString, ByteString, NotUsed> socket =
        Flow.fromGraph(
            NioConnection.outgoing(
                target(), connectTimeout(), false, loops.loop(0), metrics.upstreamConnects));
    Flow<ByteString, ByteString, NotUsed> hop =
        tls.upstreamTlsEnabled() ? encrypted(socket) : socket;
    return hop.via(new UpstreamErrorStage(config.upstreamAddress()));
  }

  private Flow<ByteString, ByteString, NotUsed> encrypted(
      Flow<ByteString, ByteString, NotUsed> socket) {
    BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed>
        tlsStage = TLS.create(tls.upstreamEngines(), TLSClosing.eagerClose());
    BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> negotiation =
        BidiFlow.fromGraph(new SslNegotiationStage(config.upstreamAddress()));
    Flow<TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, NotUsed> secured =
        tlsStage.atop(negotiation).join(socket);
    // A refused handshake (the server's certificate not trusted, no TLS there) fails this hop
    // with an SSLException, before the relay turns it into what the client is told. (Not "no
    // decrypted byte yet": a forwarded CancelRequest gets none by design.)
    return Flow.<ByteString>create()
        .<TLSProtocol.SslTlsOutbound>map(TLSProtocol.SendBytes::new)
        .via(secured)
        .collectType(TLSProtocol.SessionBytes.class)
        .map(TLSProtocol.SessionBytes::bytes)
        .watchTermination(
            (notUsed, done) -> {
              done.whenComplete(
                  (ok, failure) -> {
                    if (TlsFailures.isHandshakeFailure(failure)) {
                      metrics.tlsHandshakeFailures.inc("upstream");
                    }
                  });
              return notUsed;
            });
  }
}
