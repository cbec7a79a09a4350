package dev.vetro.protocol.wire;

import dev.vetro.protocol.ProtocolException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Sequential reader over one message payload. Every shortfall is a {@link ProtocolException} naming
 * the message and offset, so a decoder is a straight list of reads with no bounds checks of its
 * own. It reads the ByteString in place (no buffer views, no copy); byte fields are slices of the
 * original ByteString, so a DataRow value is never copied.
 *
 * <p>Strings are strict UTF-8 by default. Given a charset (the session's {@code client_encoding}),
 * they are read in it as the server reads them: bytes invalid in that encoding become U+FFFD, and
 * the server refuses such text itself, so what it would run is always read exactly.
 */
public final class PayloadReader {
  private final String what;
  private final ByteString payload;
  private final int limit;

  /** Null: strict UTF-8. */
  private final Charset charset;

  private int position;

  public PayloadReader(String what, ByteString payload) {
    this(what, payload, null);
  }

  /** Strings in {@code charset} (null: strict UTF-8). */
  public PayloadReader(String what, ByteString payload, Charset charset) {
    this.what = what;
    this.payload = payload;
    this.limit = payload.length();
    this.charset = charset;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return limit - position;
  }

  public byte int8() {
    need(1);
    return payload.apply(position++);
  }

  public short int16() {
    need(2);
    int v = (payload.apply(position) & 0xFF) << 8 | (payload.apply(position + 1) & 0xFF);
    position += 2;
    return (short) v;
  }

  /**
   * Counts in the protocol are int16 on the wire but PostgreSQL reads them unsigned (up to 65535).
   */
  public int uint16() {
    return int16() & 0xFFFF;
  }

  public int int32() {
    need(4);
    int p = position;
    int v =
        (payload.apply(p) & 0xFF) << 24
            | (payload.apply(p + 1) & 0xFF) << 16
            | (payload.apply(p + 2) & 0xFF) << 8
            | (payload.apply(p + 3) & 0xFF);
    position = p + 4;
    return v;
  }

  public ByteString bytes(int n) {
    if (n < 0) {
      throw ProtocolException.violation(
          what + " declares a negative field length " + n + " at offset " + position);
    }
    need(n);
    int start = position;
    position = start + n;
    return payload.slice(start, start + n);
  }

  /** An int32 length then that many bytes; length -1 is SQL NULL and returns null. */
  public ByteString nullableBytes() {
    int at = position;
    int len = int32();
    if (len == -1) {
      return null;
    }
    if (len < -1) {
      throw ProtocolException.violation(
          what + " declares value length " + len + " at offset " + at);
    }
    return bytes(len);
  }

  public ByteString rest() {
    return bytes(limit - position);
  }

  /**
   * A NUL-terminated string: strictly UTF-8 (PostgreSQL rejects invalid sequences too), or in the
   * reader's charset.
   */
  public String cstring() {
    int start = position;
    int end = payload.indexOf((byte) 0, start);
    if (end < 0) {
      throw ProtocolException.violation(
          what + ": string at offset " + start + " has no NUL terminator");
    }
    position = end + 1;
    ByteString bytes = payload.slice(start, end);
    return charset != null ? bytes.decodeString(charset) : utf8(bytes, start);
  }

  private String utf8(ByteString bytes, int offset) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.asByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException(
          ProtocolException.INVALID_ENCODING,
          what + ": string at offset " + offset + " is not valid UTF-8");
    }
  }

  /** Asserts the payload is fully consumed: trailing bytes mean we misread the message. */
  public void end() {
    if (position < limit) {
      throw ProtocolException.violation(
          what
              + " has "
              + (limit - position)
              + " unexpected trailing byte(s) at offset "
              + position);
    }
  }

  private void need(int n) {
    if (limit - position < n) {
      throw ProtocolException.violation(
          what
              + " is truncated: needs "
              + n
              + " byte(s) at offset "
              + position
              + " but only "
              + (limit - position)
              + " remain");
    }
  }
}
