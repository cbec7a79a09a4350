package dev.vetro.protocol;

import dev.vetro.protocol.backend.BackendCodec;
import dev.vetro.protocol.backend.BackendMessage;
import dev.vetro.protocol.frontend.FrontendCodec;
import dev.vetro.protocol.frontend.FrontendMessage;
import dev.vetro.protocol.wire.TypeBytes;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * What the scanner yields: whole messages of the types the caller wants to look at, and
 * pass-through slices of everything else. Both carry exact wire bytes (slices of the input, not
 * copies), so forwarding a segment forwards precisely what arrived.
 */
public sealed interface Segment permits Segment.Captured, Segment.Piece {

  byte type();

  /** The wire bytes this segment carries. */
  ByteString bytes();

  /** A whole message of a captured type: type byte, length and payload. */
  record Captured(byte type, ByteString message) implements Segment {
    public Captured {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public ByteString bytes() {
      return message;
    }

    /** The payload after the type byte and length word. */
    public ByteString payload() {
      return message.drop(5);
    }

    public FrontendMessage decodeFrontend() {
      return FrontendCodec.decode(type, payload());
    }

    public BackendMessage decodeBackend() {
      return BackendCodec.decode(type, payload());
    }

    @Override
    public String toString() {
      return "Captured[" + TypeBytes.describe(type) + ", " + message.length() + " bytes]";
    }
  }

  /**
   * A slice of an uncaptured message. The first slice starts with the type byte; a small message is
   * usually one slice with both flags set; a 1 GB DataRow is many slices, never one buffer.
   */
  record Piece(byte type, ByteString bytes, boolean startsMessage, boolean endsMessage)
      implements Segment {
    public Piece {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public String toString() {
      return "Piece["
          + TypeBytes.describe(type)
          + ", "
          + bytes.length()
          + " bytes"
          + (startsMessage ? ", starts" : "")
          + (endsMessage ? ", ends" : "")
          + "]";
    }
  }
}
