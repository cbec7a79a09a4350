package dev.vetro.protocol.wire;

import dev.vetro.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Sequential reader over one message payload. Every shortfall is a {@link ProtocolException} naming
 * the message and offset, so a decoder is a straight list of reads with no bounds checks of its
 * own. Primitive fields come from one ByteBuffer view (no copy for a contiguous payload); byte
 * fields are slices of the original ByteString, so a DataRow value is never copied.
 */
public final class PayloadReader {
  private final String what;
  private final ByteString payload;
  private final ByteBuffer buf;

  public PayloadReader(String what, ByteString payload) {
    this.what = what;
    this.payload = payload;
    // slice(): offsets in errors and in payload.slice() are relative to the payload start.
    this.buf = payload.asByteBuffer().slice();
  }

  public int position() {
    return buf.position();
  }

  public int remaining() {
    return buf.remaining();
  }

  public byte int8() {
    need(1);
    return buf.get();
  }

  public short int16() {
    need(2);
    return buf.getShort();
  }

  /**
   * Counts in the protocol are int16 on the wire but PostgreSQL reads them unsigned (up to 65535).
   */
  public int uint16() {
    return int16() & 0xFFFF;
  }

  public int int32() {
    need(4);
    return buf.getInt();
  }

  public ByteString bytes(int n) {
    if (n < 0) {
      throw ProtocolException.violation(
          what + " declares a negative field length " + n + " at offset " + buf.position());
    }
    need(n);
    int start = buf.position();
    buf.position(start + n);
    return payload.slice(start, start + n);
  }

  /** An int32 length then that many bytes; length -1 is SQL NULL and returns null. */
  public ByteString nullableBytes() {
    int at = buf.position();
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
    return bytes(buf.remaining());
  }

  /** A NUL-terminated string, strictly UTF-8 (PostgreSQL rejects invalid sequences too). */
  public String cstring() {
    int start = buf.position();
    int end = start;
    int limit = buf.limit();
    while (end < limit && buf.get(end) != 0) {
      end++;
    }
    if (end == limit) {
      throw ProtocolException.violation(
          what + ": string at offset " + start + " has no NUL terminator");
    }
    ByteBuffer slice = buf.duplicate();
    slice.limit(end);
    buf.position(end + 1);
    return utf8(slice, start);
  }

  private String utf8(ByteBuffer bytes, int offset) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException(
          ProtocolException.INVALID_ENCODING,
          what + ": string at offset " + offset + " is not valid UTF-8");
    }
  }

  /** Asserts the payload is fully consumed: trailing bytes mean we misread the message. */
  public void end() {
    if (buf.hasRemaining()) {
      throw ProtocolException.violation(
          what
              + " has "
              + buf.remaining()
              + " unexpected trailing byte(s) at offset "
              + buf.position());
    }
  }

  private void need(int n) {
    if (buf.remaining() < n) {
      throw ProtocolException.violation(
          what
              + " is truncated: needs "
              + n
              + " byte(s) at offset "
              + buf.position()
              + " but only "
              + buf.remaining()
              + " remain");
    }
  }
}
