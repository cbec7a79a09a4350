package dev.vetro.proxy.startup;

import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.startup.CancelRequest;
import dev.vetro.protocol.startup.GssEncRequest;
import dev.vetro.protocol.startup.SslRequest;
import dev.vetro.protocol.startup.StartupFraming;
import dev.vetro.protocol.startup.StartupMessage;
import dev.vetro.protocol.startup.StartupPacket;
import dev.vetro.proxy.cancel.CancelForwarder;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.relay.SessionRelay;
import dev.vetro.proxy.session.ClientFatal;
import dev.vetro.proxy.session.FatalErrors;
import dev.vetro.proxy.session.SessionContext;
import dev.vetro.proxy.tls.TlsContexts;
import dev.vetro.proxy.tls.TlsFailures;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;

/**
 * The startup phase of a client connection, as a byte flow per connection. Reads one startup packet
 * and decides what the rest of the connection is:
 *
 * <ul>
 *   <li>SSLRequest: 'S' and TLS (PROXY_TLS_MODE=require) or 'N'; then the startup phase again.
 *   <li>GSSENCRequest: 'N' (GSSAPI encryption is not offered); then the startup phase again.
 *   <li>CancelRequest: forwarded upstream; the connection then closes, as with PostgreSQL.
 *   <li>StartupMessage: the session relay, unless TLS is required and this hop is plain.
 * </ul>
 *
 * Errors of this phase are answered with a FATAL ErrorResponse on the same layer (inside TLS when
 * TLS is up), then the connection closes.
 */
public final class ClientHandshake {
  private static final ByteString ACCEPT_TLS = ByteString.fromString("S");
  private static final ByteString DECLINE = ByteString.fromString("N");

  private final TlsContexts tls;
  private final CancelForwarder cancels;
  private final ProxyMetrics metrics;
  private final SessionRelay relay;

  public ClientHandshake(TlsContexts tls, CancelForwarder cancels, SessionRelay relay) {
    this(tls, cancels, relay, ProxyMetrics.UNSCRAPED);
  }

  /** Client TLS handshakes that fail are counted in {@code metrics}. */
  public ClientHandshake(
      TlsContexts tls, CancelForwarder cancels, SessionRelay relay, ProxyMetrics metrics) {
    this.tls = tls;
    this.cancels = cancels;
    this.relay = relay;
    this.metrics = metrics;
  }

  public Flow<ByteString, ByteString, NotUsed> flow(SessionContext session) {
    return startupPhase(session, false);
  }

  private Flow<ByteString, ByteString, NotUsed> startupPhase(
      SessionContext session, boolean encrypted) {
    return Flow.<ByteString>create()
        .via(StartupFraming.flow(StartupPacket.MAX_LENGTH))
        .flatMapPrefix(1, prefix -> afterFirstPacket(session, encrypted, prefix))
        .recoverWithRetries(
            1,
            new PFBuilder<Throwable, Graph<SourceShape<ByteString>, NotUsed>>()
                .match(Throwable.class, ClientHandshake::fatal)
                .build());
  }

  private Flow<StartupFraming.Out, ByteString, NotUsed> afterFirstPacket(
      SessionContext session, boolean encrypted, List<StartupFraming.Out> prefix) {
    if (prefix.isEmpty()) {
      return Flow.fromSinkAndSource(Sink.ignore(), Source.empty()); // closed before a packet
    }
    StartupFraming.Packet first = (StartupFraming.Packet) prefix.get(0);
    StartupPacket packet = first.packet();
    if (packet instanceof SslRequest) {
      if (encrypted) {
        throw ProtocolException.violation(
            "SSLRequest received on a connection that is already encrypted");
      }
      if (!tls.clientTlsEnabled()) {
        return rest().via(startupPhase(session, false)).prepend(Source.single(DECLINE));
      }
      if (first.moreBytesBuffered()) {
        // PostgreSQL's "received unencrypted data after SSL request" (CVE-2021-23214): those
        // bytes were sent before the handshake and would be taken as if they came through TLS.
        throw ProtocolException.violation("received unencrypted data after SSL request");
      }
      session.markClientTls();
      // Inside TLS the socket's bytes are not the session's: marked, so the relay stays a stream
      // (which still finds the socket's reset in the stream's attributes, net.ClientReset).
      return rest()
          .via(terminateTls(startupPhase(session, true)))
          .prepend(Source.single(ACCEPT_TLS));
    }
    if (packet instanceof GssEncRequest) {
      if (encrypted) {
        throw ProtocolException.violation(
            "GSSENCRequest received on a connection that is already encrypted");
      }
      return rest().via(startupPhase(session, false)).prepend(Source.single(DECLINE));
    }
    if (packet instanceof CancelRequest cancel) {
      return Flow.fromSinkAndSource(
          Sink.ignore(),
          Source.completionStage(cancels.forward(cancel))
              .flatMapConcat(sent -> Source.<ByteString>empty()));
    }
    StartupMessage startup = (StartupMessage) packet;
    if (tls.clientTlsEnabled() && !encrypted) {
      throw new ClientFatal(ErrorResponses.tlsRequired());
    }
    return rest().via(relay.flow(session, startup));
  }

  private static Flow<StartupFraming.Out, ByteString, NotUsed> rest() {
    return Flow.<StartupFraming.Out>create().map(out -> ((StartupFraming.Bytes) out).bytes());
  }

  /**
   * The proxy's TLS server over the rest of the connection. A TLS failure (bad handshake, client
   * gone) ends the connection quietly: there is no channel left to report it on. A connection that
   * ends before its first decrypted byte never completed the handshake (refused, or a client that
   * gave up on it) and is counted as a failed handshake: the TLS stage's own error does not reach
   * this far, since the client socket's side ends the stream first.
   */
  private Flow<ByteString, ByteString, NotUsed> terminateTls(
      Flow<ByteString, ByteString, NotUsed> plaintext) {
    Supplier<SSLEngine> engines = tls.serverEngines();
    AtomicBoolean established = new AtomicBoolean(); // one connection: built per session
    Flow<TLSProtocol.SslTlsInbound, TLSProtocol.SslTlsOutbound, NotUsed> inner =
        Flow.<TLSProtocol.SslTlsInbound>create()
            .collectType(TLSProtocol.SessionBytes.class)
            .map(
                b -> {
                  established.set(true);
                  return b.bytes();
                })
            .via(plaintext)
            .map(TLSProtocol.SendBytes::new);
    return TLS.create(engines, TLSClosing.eagerClose())
        .reversed()
        .join(inner)
        .watchTermination(
            (notUsed, done) -> {
              done.whenComplete(
                  (ok, failure) -> {
                    if (!established.get() || TlsFailures.isHandshakeFailure(failure)) {
                      metrics.tlsHandshakeFailures.inc("client");
                    }
                  });
              return notUsed;
            })
        .recoverWithRetries(1, Throwable.class, Source::empty);
  }

  private static Source<ByteString, NotUsed> fatal(Throwable reason) {
    return FatalErrors.forClient(reason)
        .map(error -> Source.single(error.encode()))
        .orElseGet(Source::empty);
  }
}
