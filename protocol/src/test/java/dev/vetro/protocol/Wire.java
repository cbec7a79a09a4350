package dev.vetro.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Expected bytes written out by hand: {@code bytes("Q", "00000009", text("abc\0"))}. A string of
 * hex digits (spaces allowed) is hex; anything produced by {@link #text} is literal text.
 */
public final class Wire {
  private Wire() {}

  public static ByteString hex(String hex) {
    String h = hex.replace(" ", "");
    if (h.length() % 2 != 0) {
      throw new IllegalArgumentException("odd hex: " + hex);
    }
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return ByteString.fromArray(out);
  }

  public static ByteString text(String s) {
    return ByteString.fromArray(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Each part is a ByteString, or a String of hex digits. */
  public static ByteString bytes(Object... parts) {
    ByteString out = ByteString.emptyByteString();
    for (Object p : parts) {
      out = out.concat(p instanceof ByteString ? (ByteString) p : hex((String) p));
    }
    return out.compact();
  }

  /** The input split once at every boundary (0..n), plus byte by byte. */
  public static List<List<ByteString>> everySplit(ByteString input) {
    List<List<ByteString>> out = new ArrayList<>();
    for (int i = 0; i <= input.length(); i++) {
      List<ByteString> chunks = new ArrayList<>();
      if (i > 0) {
        chunks.add(input.take(i));
      }
      if (i < input.length()) {
        chunks.add(input.drop(i));
      }
      out.add(chunks);
    }
    out.add(byteByByte(input));
    return out;
  }

  public static List<ByteString> byteByByte(ByteString input) {
    List<ByteString> chunks = new ArrayList<>();
    for (int i = 0; i < input.length(); i++) {
      chunks.add(input.slice(i, i + 1));
    }
    return chunks;
  }
}
