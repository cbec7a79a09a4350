package dev.vetro.proxy.tls;

import dev.vetro.proxy.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files operators already have for PostgreSQL. BouncyCastle's parser is used for keys
 * because PostgreSQL tooling commonly writes PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC
 * PRIVATE KEY}), which the JDK cannot read; the JDK's providers do the crypto.
 */
public final class PemFiles {
  private PemFiles() {}

  public static List<X509Certificate> certificates(String what, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) cert);
      }
      if (out.isEmpty()) {
        throw new ConfigException(what + "=" + file + ": no PEM certificate found");
      }
      return out;
    } catch (IOException | CertificateException e) {
      throw new ConfigException(
          what + "=" + file + ": not a readable PEM certificate: " + e.getMessage(), e);
    }
  }

  public static PrivateKey privateKey(String what, Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new ConfigException(
              what
                  + "="
                  + file
                  + ": the key is encrypted; give an unencrypted key"
                  + " (openssl pkey -in KEY -out PLAIN.key) and protect it with file permissions");
        }
      }
      throw new ConfigException(
          what
              + "="
              + file
              + ": no private key found (expected BEGIN PRIVATE KEY,"
              + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    } catch (IOException e) {
      throw new ConfigException(
          what + "=" + file + ": not a readable PEM key: " + e.getMessage(), e);
    }
  }
}
