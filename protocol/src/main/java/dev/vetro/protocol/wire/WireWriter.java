package dev.vetro.protocol.wire;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Builds a payload, then frames it. Byte fields are appended as ByteStrings (no copy), which is why
 * the header is prepended at the end rather than back-patched.
 */
public final class WireWriter {
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
  private final ByteStringBuilder body = ByteString.createBuilder();

  public WireWriter int8(int v) {
    body.putByte((byte) v);
    return this;
  }

  public WireWriter int16(int v) {
    body.putShort(v, BE);
    return this;
  }

  public WireWriter int32(int v) {
    body.putInt(v, BE);
    return this;
  }

  public WireWriter bytes(ByteString b) {
    body.append(b);
    return this;
  }

  /** int32 length then bytes; null is written as length -1 (SQL NULL). */
  public WireWriter nullableBytes(ByteString b) {
    if (b == null) {
      return int32(-1);
    }
    int32(b.length());
    return bytes(b);
  }

  public WireWriter cstring(String s) {
    if (s.indexOf('\0') >= 0) {
      // A NUL inside would end the string early on the wire and shift every later field.
      throw new IllegalArgumentException("string field contains a NUL character: " + s);
    }
    body.putBytes(s.getBytes(StandardCharsets.UTF_8));
    body.putByte((byte) 0);
    return this;
  }

  public WireWriter int16s(List<? extends Number> values) {
    int16(values.size());
    for (Number v : values) {
      int16(v.intValue());
    }
    return this;
  }

  public WireWriter int32s(List<Integer> values) {
    int16(values.size());
    for (int v : values) {
      int32(v);
    }
    return this;
  }

  /** Type byte, int32 length (counting itself), payload. */
  public ByteString message(byte type) {
    ByteString payload = body.result();
    ByteStringBuilder out = ByteString.createBuilder();
    out.putByte(type);
    out.putInt(payload.length() + 4, BE);
    return out.result().concat(payload);
  }

  /** Startup-phase packets have no type byte: int32 length (counting itself), payload. */
  public ByteString untyped() {
    ByteString payload = body.result();
    ByteStringBuilder out = ByteString.createBuilder();
    out.putInt(payload.length() + 4, BE);
    return out.result().concat(payload);
  }

  public static ByteString empty(byte type) {
    return new WireWriter().message(type);
  }
}
