package dev.vetro.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A byte-level PostgreSQL client for tests that need to send what no driver would (garbage,
 * truncated messages) or to watch exactly what the proxy answers.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /**
   * SSLRequest, then TLS with the proxy's certificate checked against {@code caCert} (PEM); the
   * messages after that go through TLS as from libpq with sslmode=verify-ca.
   */
  public static RawClient overTls(int port, Path caCert) throws IOException {
    Socket plain = new Socket("127.0.0.1", port);
    plain.setSoTimeout(20_000);
    plain.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
    int answer = plain.getInputStream().read();
    if (answer != 'S') {
      plain.close();
      throw new IOException("the proxy declined TLS: " + answer);
    }
    try (InputStream pem = Files.newInputStream(caCert)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trust.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
      tls.startHandshake();
      return new RawClient(tls);
    } catch (GeneralSecurityException e) {
      plain.close();
      throw new IOException("cannot set up TLS to the proxy", e);
    }
  }

  /** A backend message as received: type and payload (after the length word). */
  public record Message(char type, byte[] payload) {
    /** ErrorResponse/NoticeResponse fields by code. */
    public Map<Character, String> fields() {
      Map<Character, String> fields = new LinkedHashMap<>();
      int i = 0;
      while (i < payload.length && payload[i] != 0) {
        char code = (char) payload[i++];
        int end = i;
        while (payload[end] != 0) {
          end++;
        }
        fields.put(code, new String(payload, i, end - i, StandardCharsets.UTF_8));
        i = end + 1;
      }
      return fields;
    }
  }

  public static byte[] startupMessage(Map<String, String> params) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(ByteBuffer.allocate(4).putInt(3 << 16).array());
    params.forEach(
        (k, v) -> {
          body.writeBytes(k.getBytes(StandardCharsets.UTF_8));
          body.write(0);
          body.writeBytes(v.getBytes(StandardCharsets.UTF_8));
          body.write(0);
        });
    body.write(0);
    byte[] b = body.toByteArray();
    return ByteBuffer.allocate(4 + b.length).putInt(4 + b.length).put(b).array();
  }

  public static byte[] typed(char type, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put((byte) type)
        .putInt(4 + payload.length)
        .put(payload)
        .array();
  }

  public static byte[] query(String sql) {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[text.length + 1];
    System.arraycopy(text, 0, payload, 0, text.length);
    return typed('Q', payload);
  }

  public RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Trust login; returns the messages up to and including the first ReadyForQuery. */
  public List<Message> login(String user, String applicationName) throws IOException {
    send(
        startupMessage(
            Map.of("user", user, "database", "vetro_test", "application_name", applicationName)));
    return readUntil('Z');
  }

  public Message read() throws IOException {
    char type = (char) in.readUnsignedByte();
    int length = in.readInt();
    byte[] payload = new byte[length - 4];
    in.readFully(payload);
    return new Message(type, payload);
  }

  public List<Message> readUntil(char type) throws IOException {
    List<Message> got = new ArrayList<>();
    Message m;
    do {
      m = read();
      got.add(m);
    } while (m.type() != type && m.type() != 'E');
    return got;
  }

  /** Everything until the proxy closes the connection. */
  public List<Message> readToEnd() throws IOException {
    List<Message> got = new ArrayList<>();
    try {
      while (true) {
        got.add(read());
      }
    } catch (EOFException | SocketException | javax.net.ssl.SSLException e) {
      return got; // over TLS a close without close_notify (a reset, say) is an SSLException
    }
  }

  public int readByte() throws IOException {
    return in.read();
  }

  /** Half-close: the proxy sees end of input but can still answer. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  public void closeAbruptly() throws IOException {
    socket.setSoLinger(true, 0); // RST, like a crashed client
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
