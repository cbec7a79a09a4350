package dev.vetro.proxy.enforce;

import dev.vetro.protocol.ProtocolException;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Reads the SQL text of Query and Parse in the session's client_encoding. The protocol module's
 * decoders insist on UTF-8, which would end a LATIN1 session at its first accented letter and, in
 * SJIS or BIG5, read string boundaries differently from the server. Malformed bytes decode to
 * U+FFFD: the server refuses such text itself, so what it would run is always read exactly.
 */
final class ClientText {
  private ClientText() {}

  /** Query payload: the text, NUL-terminated. */
  static String query(ByteString payload, Charset charset) {
    return payload.slice(0, nul(payload, 0, "Query")).decodeString(charset);
  }

  /**
   * Parse payload: statement name, then its text, each NUL-terminated, then parameter types. {@code
   * nameBytes} keeps the client's own bytes (with the NUL) for the sentinel Parse.
   */
  record Parse(String name, String query, ByteString nameBytes) {}

  static Parse parse(ByteString payload, Charset charset) {
    int nameEnd = nul(payload, 0, "Parse");
    int queryEnd = nul(payload, nameEnd + 1, "Parse");
    return new Parse(
        payload.slice(0, nameEnd).decodeString(charset),
        payload.slice(nameEnd + 1, queryEnd).decodeString(charset),
        payload.slice(0, nameEnd + 1));
  }

  /**
   * Bind payload: portal name, then the statement name, each NUL-terminated; the rest is not read.
   */
  static String bindStatement(ByteString payload, Charset charset) {
    int portalEnd = nul(payload, 0, "Bind");
    return payload.slice(portalEnd + 1, nul(payload, portalEnd + 1, "Bind")).decodeString(charset);
  }

  /** Close payload: 'S' (statement) or 'P' (portal), then the name; null unless a statement. */
  static String closedStatement(ByteString payload, Charset charset) {
    if (payload.isEmpty() || payload.apply(0) != 'S') {
      return null;
    }
    return payload.slice(1, nul(payload, 1, "Close")).decodeString(charset);
  }

  /**
   * A Parse that names the sentinel itself as the statement: it fails in the raw parser before the
   * server looks at the name, so, unlike a Parse of the client's name, it touches none of the
   * client's statements (an unnamed Parse would drop the unnamed statement first).
   */
  static ByteString sentinelParse(String sentinel) {
    byte[] name = sentinel.getBytes(StandardCharsets.US_ASCII);
    return parse(new ByteStringBuilder().putBytes(name).putByte((byte) 0).result(), sentinel);
  }

  /** A Query message with this (ASCII) text. */
  static ByteString query(String text) {
    byte[] sql = text.getBytes(StandardCharsets.US_ASCII);
    ByteStringBuilder b = new ByteStringBuilder();
    b.putByte((byte) 'Q')
        .putInt(4 + sql.length + 1, ByteOrder.BIG_ENDIAN)
        .putBytes(sql)
        .putByte((byte) 0);
    return b.result();
  }

  /** A Parse of the same statement name, exactly as the client wrote it, with this (ASCII) text. */
  static ByteString parse(ByteString nameBytes, String text) {
    byte[] sql = text.getBytes(StandardCharsets.US_ASCII);
    ByteStringBuilder b = new ByteStringBuilder();
    b.putByte((byte) 'P').putInt(4 + nameBytes.length() + sql.length + 1 + 2, ByteOrder.BIG_ENDIAN);
    b.append(nameBytes).putBytes(sql).putByte((byte) 0).putShort(0, ByteOrder.BIG_ENDIAN);
    return b.result();
  }

  private static int nul(ByteString payload, int from, String what) {
    int at = payload.indexOf((byte) 0, from);
    if (at < 0) {
      throw ProtocolException.violation(
          what + ": string at offset " + from + " has no NUL terminator");
    }
    return at;
  }
}
