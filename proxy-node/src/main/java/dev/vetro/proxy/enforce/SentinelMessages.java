package dev.vetro.proxy.enforce;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The wire messages that carry a sentinel upstream in place of a blocked one (see {@link
 * Sentinels}). Sentinel texts are ASCII; a statement name the client chose is kept byte for byte,
 * in whatever encoding the client wrote it.
 */
final class SentinelMessages {
  private SentinelMessages() {}

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

  /**
   * A Parse of the statement name of {@code clientParse} (a Parse payload the decoder has read, so
   * its name is NUL-terminated), exactly as the client wrote it, with this (ASCII) text.
   */
  static ByteString parseNamedAs(ByteString clientParse, String text) {
    return parse(clientParse.take(clientParse.indexOf((byte) 0) + 1), text);
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

  /** A Parse of this statement name (with its NUL) and this (ASCII) text, no parameter types. */
  static ByteString parse(ByteString nameBytes, String text) {
    byte[] sql = text.getBytes(StandardCharsets.US_ASCII);
    ByteStringBuilder b = new ByteStringBuilder();
    b.putByte((byte) 'P').putInt(4 + nameBytes.length() + sql.length + 1 + 2, ByteOrder.BIG_ENDIAN);
    b.append(nameBytes).putBytes(sql).putByte((byte) 0).putShort(0, ByteOrder.BIG_ENDIAN);
    return b.result();
  }
}
