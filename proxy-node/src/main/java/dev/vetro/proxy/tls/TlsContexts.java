package dev.vetro.proxy.tls;

import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.config.UpstreamSslMode;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the two TLS endpoints once at start (so a bad file fails the start, not the first
 * connection) and hands out a fresh {@link SSLEngine} per connection.
 */
public final class TlsContexts {
  private static final char[] IN_MEMORY_PASSWORD = "vetro".toCharArray();

  private final Optional<SSLContext> server;
  private final Optional<SSLContext> upstream;
  private final ProxyConfig config;

  private TlsContexts(
      ProxyConfig config, Optional<SSLContext> server, Optional<SSLContext> upstream) {
    this.config = config;
    this.server = server;
    this.upstream = upstream;
  }

  public static TlsContexts load(ProxyConfig config) {
    Optional<SSLContext> server = Optional.empty();
    if (config.clientTlsMode() == ClientTlsMode.REQUIRE) {
      KeyManager[] keys =
          keyManagers(
              "PROXY_TLS_CERT",
              config.tlsCert().orElseThrow(),
              "PROXY_TLS_KEY",
              config.tlsKey().orElseThrow());
      server = Optional.of(context(keys, null));
    }
    Optional<SSLContext> upstream = Optional.empty();
    if (config.upstreamSslMode().encrypted()) {
      KeyManager[] keys =
          config.upstreamClientCert().isPresent()
              ? keyManagers(
                  "UPSTREAM_PG_SSLCERT",
                  config.upstreamClientCert().get(),
                  "UPSTREAM_PG_SSLKEY",
                  config.upstreamClientKey().orElseThrow())
              : null;
      TrustManager[] trust =
          config.upstreamSslMode() == UpstreamSslMode.VERIFY_FULL
              ? verifyingTrust(config.upstreamRootCert())
              : new TrustManager[] {TrustEverything.INSTANCE};
      upstream = Optional.of(context(keys, trust));
    }
    return new TlsContexts(config, server, upstream);
  }

  public boolean clientTlsEnabled() {
    return server.isPresent();
  }

  public boolean upstreamTlsEnabled() {
    return upstream.isPresent();
  }

  /** An engine for the client hop; the proxy is the TLS server there. */
  public Supplier<SSLEngine> serverEngines() {
    SSLContext ctx = server.orElseThrow(() -> new IllegalStateException("client TLS is disabled"));
    return () -> {
      SSLEngine engine = ctx.createSSLEngine();
      engine.setUseClientMode(false);
      return engine;
    };
  }

  /** An engine for the upstream hop, with SNI and hostname verification for verify-full. */
  public Supplier<SSLEngine> upstreamEngines() {
    SSLContext ctx =
        upstream.orElseThrow(() -> new IllegalStateException("upstream TLS is disabled"));
    String host = config.upstreamHost();
    int port = config.upstreamPort();
    boolean verify = config.upstreamSslMode() == UpstreamSslMode.VERIFY_FULL;
    boolean hostIsName = !looksLikeIpLiteral(host);
    return () -> {
      SSLEngine engine = ctx.createSSLEngine(host, port);
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      if (verify) {
        // The JDK's "HTTPS" identification is RFC 2818/6125 matching, which is what libpq's
        // verify-full checks too (SAN DNS names, IP SANs, CN only without SANs aside).
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (hostIsName) {
        params.setServerNames(List.of(new SNIHostName(host)));
      }
      engine.setSSLParameters(params);
      return engine;
    };
  }

  private static boolean looksLikeIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private static KeyManager[] keyManagers(
      String certVar, Path certFile, String keyVar, Path keyFile) {
    List<X509Certificate> chain = PemFiles.certificates(certVar, certFile);
    PrivateKey key = PemFiles.privateKey(keyVar, keyFile);
    KeyPairCheck.requireMatch(chain.get(0), key, certVar + "=" + certFile, keyVar + "=" + keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, IN_MEMORY_PASSWORD);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ConfigException(
          keyVar
              + "="
              + keyFile
              + " does not fit "
              + certVar
              + "="
              + certFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static TrustManager[] verifyingTrust(Optional<Path> rootCert) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (rootCert.isEmpty()) {
        tmf.init((KeyStore) null); // the JDK's default trust store, like a browser
      } else {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate cert :
            PemFiles.certificates("UPSTREAM_PG_SSLROOTCERT", rootCert.get())) {
          store.setCertificateEntry("root-" + i++, cert);
        }
        tmf.init(store);
      }
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ConfigException(
          "UPSTREAM_PG_SSLROOTCERT: cannot build a trust store: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("cannot initialise TLS: " + e.getMessage(), e);
    }
  }
}
