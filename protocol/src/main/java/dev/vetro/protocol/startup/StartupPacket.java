package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import org.apache.pekko.util.ByteString;

/**
 * The untyped first packet of a connection: int32 length (counting itself), int32 code, body. The
 * code says which packet it is; a StartupMessage's code is its protocol version.
 */
public sealed interface StartupPacket
    permits SslRequest, GssEncRequest, CancelRequest, StartupMessage {

  /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
  int MAX_LENGTH = 10000;

  /** Length word plus code: nothing shorter can be a startup packet. */
  int MIN_LENGTH = 8;

  int CANCEL_REQUEST_CODE = (1234 << 16) | 5678;
  int SSL_REQUEST_CODE = (1234 << 16) | 5679;
  int GSSENC_REQUEST_CODE = (1234 << 16) | 5680;

  /** Full wire bytes including the length word. */
  ByteString encode();

  /** Decodes a whole packet (length word included), bounded by {@link #MAX_LENGTH}. */
  static StartupPacket decode(ByteString wholePacketIncludingLength) {
    return decode(wholePacketIncludingLength, MAX_LENGTH);
  }

  static StartupPacket decode(ByteString packet, int maxLength) {
    if (packet.length() < 4) {
      throw ProtocolException.violation(
          "startup packet of " + packet.length() + " bytes is too short to hold its length");
    }
    PayloadReader header = new PayloadReader("startup packet", packet.take(8));
    int length = header.int32();
    checkLength(length, maxLength);
    if (length != packet.length()) {
      throw ProtocolException.violation(
          "startup packet declares length "
              + length
              + " but "
              + packet.length()
              + " bytes were given");
    }
    int code = header.int32();
    ByteString body = packet.drop(8);
    if (code == SSL_REQUEST_CODE) {
      return SslRequest.decodeBody(body);
    }
    if (code == GSSENC_REQUEST_CODE) {
      return GssEncRequest.decodeBody(body);
    }
    if (code == CANCEL_REQUEST_CODE) {
      return CancelRequest.decodeBody(body);
    }
    if ((code >>> 16) == 3) {
      return StartupMessage.decodeBody(code, body);
    }
    if ((code >>> 16) == 1234) {
      throw ProtocolException.violation("unknown startup request code 1234/" + (code & 0xFFFF));
    }
    if (code >>> 16 >= 1 && code >>> 16 <= 2) {
      throw new ProtocolException(
          ProtocolException.FEATURE_NOT_SUPPORTED,
          "unsupported frontend protocol "
              + (code >>> 16)
              + "."
              + (code & 0xFFFF)
              + ": only protocol 3.x is supported");
    }
    throw ProtocolException.violation(String.format("unknown startup packet code 0x%08x", code));
  }

  /** The framing stage calls this as soon as the length word arrives, before buffering the body. */
  static void checkLength(int length, int maxLength) {
    if (length < MIN_LENGTH) {
      throw ProtocolException.violation(
          "startup packet declares length " + length + ", below the minimum of " + MIN_LENGTH);
    }
    if (length > maxLength) {
      throw ProtocolException.tooLarge(
          "startup packet declares length " + length + ", above the maximum of " + maxLength);
    }
  }
}
