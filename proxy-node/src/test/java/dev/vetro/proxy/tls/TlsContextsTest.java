package dev.vetro.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.Certificates;
import dev.vetro.testkit.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
  @TempDir Path dir;

  private Path[] certAndKey(Certificates.KeyType type, Certificates.KeyFormat format) {
    IssuedCertificate cert =
        Certificates.ca("test ca")
            .issue("localhost", List.of("localhost"), List.of("127.0.0.1"), false, type);
    return new Path[] {
      cert.writeCertificate(dir.resolve(type + "-" + format + ".crt")),
      cert.writePrivateKey(dir.resolve(type + "-" + format + ".key"), format)
    };
  }

  @Test
  void verifyFullEngineChecksTheHostNameAndSendsSni() {
    ProxyConfig config =
        ProxyConfig.builder("db.example.internal", 5432)
            .upstreamSsl(UpstreamSslMode.VERIFY_FULL, null)
            .build();
    SSLEngine engine = TlsContexts.load(config).upstreamEngines().get();
    assertTrue(engine.getUseClientMode());
    assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm());
    assertEquals("db.example.internal", engine.getPeerHost());
    assertEquals(
        List.of(new SNIHostName("db.example.internal")),
        engine.getSSLParameters().getServerNames());
  }

  @Test
  void requireEngineEncryptsWithoutCheckingTheName() {
    ProxyConfig config =
        ProxyConfig.builder("10.0.0.5", 5432).upstreamSsl(UpstreamSslMode.REQUIRE, null).build();
    SSLEngine engine = TlsContexts.load(config).upstreamEngines().get();
    assertNull(engine.getSSLParameters().getEndpointIdentificationAlgorithm());
    assertTrue(
        engine.getSSLParameters().getServerNames() == null
            || engine.getSSLParameters().getServerNames().isEmpty(),
        "no SNI for an IP address");
  }

  @Test
  void serverContextLoadsEveryKeyFormat() {
    for (Certificates.KeyType type : Certificates.KeyType.values()) {
      for (Certificates.KeyFormat format : Certificates.KeyFormat.values()) {
        if ((format == Certificates.KeyFormat.SEC1) != (type == Certificates.KeyType.EC)
            && format != Certificates.KeyFormat.PKCS8) {
          continue; // PKCS#1 is RSA only, SEC1 is EC only
        }
        Path[] files = certAndKey(type, format);
        ProxyConfig config =
            ProxyConfig.builder("db", 5432)
                .clientTls(ClientTlsMode.REQUIRE, files[0], files[1])
                .build();
        SSLEngine engine = TlsContexts.load(config).serverEngines().get();
        assertFalse(engine.getUseClientMode(), type + "/" + format);
      }
    }
  }

  @Test
  void keyOfAnotherCertificateIsRefusedNamingBothFiles() {
    Path[] a = certAndKey(Certificates.KeyType.RSA, Certificates.KeyFormat.PKCS8);
    Path[] b = certAndKey(Certificates.KeyType.EC, Certificates.KeyFormat.SEC1);
    ProxyConfig config =
        ProxyConfig.builder("db", 5432).clientTls(ClientTlsMode.REQUIRE, a[0], b[1]).build();
    ConfigException e = assertThrows(ConfigException.class, () -> TlsContexts.load(config));
    assertTrue(e.getMessage().contains("PROXY_TLS_KEY=" + b[1]), e.getMessage());
    assertTrue(e.getMessage().contains("PROXY_TLS_CERT=" + a[0]), e.getMessage());
  }

  @Test
  void fileWithoutAKeyIsRefusedWithWhatWasExpected() throws Exception {
    Path[] a = certAndKey(Certificates.KeyType.RSA, Certificates.KeyFormat.PKCS8);
    ProxyConfig config =
        ProxyConfig.builder("db", 5432).clientTls(ClientTlsMode.REQUIRE, a[0], a[0]).build();
    ConfigException e = assertThrows(ConfigException.class, () -> TlsContexts.load(config));
    assertTrue(e.getMessage().contains("no private key found"), e.getMessage());
  }

  @Test
  void garbageCertificateFileIsRefused() throws Exception {
    Path[] a = certAndKey(Certificates.KeyType.RSA, Certificates.KeyFormat.PKCS8);
    Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
    ProxyConfig config =
        ProxyConfig.builder("db", 5432).clientTls(ClientTlsMode.REQUIRE, garbage, a[1]).build();
    ConfigException e = assertThrows(ConfigException.class, () -> TlsContexts.load(config));
    assertTrue(e.getMessage().startsWith("PROXY_TLS_CERT=" + garbage), e.getMessage());
  }
}
