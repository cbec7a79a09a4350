package dev.vetro.proxy.policycache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a response body up to a limit: a misbehaving server must not be able to fill the heap. */
final class BoundedBody {
  private BoundedBody() {}

  /**
   * @throws IOException naming the limit when the body is longer
   */
  static String read(InputStream in, long maxBytes) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new IOException("response body is longer than " + maxBytes + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The first line of a body for an error message, never a whole page of HTML. */
  static String excerpt(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }
}
