package dev.vetro.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 POST from a chosen loopback source address (127.0.0.2, 127.0.0.3 …), so tests can be
 * several clients with different addresses on one machine. java.net.http cannot bind its source.
 */
public final class FromAddress {
  private FromAddress() {}

  /** Status line code and the raw response (headers and body). */
  public record Answer(int status, String raw) {}

  public static Answer post(int port, String source, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Connection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String raw = all.toString(StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(raw.substring(9, 12)), raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
