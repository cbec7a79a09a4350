package dev.vetro.protocol.frontend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.TypeBytes;
import org.apache.pekko.util.ByteString;

/** One switch from type byte to message decoder. */
public final class FrontendCodec {
  private FrontendCodec() {}

  /**
   * @param payload the bytes after the type byte and length word
   * @throws ProtocolException 08P01 for an unknown type or a malformed payload
   */
  public static FrontendMessage decode(byte type, ByteString payload) {
    switch (type) {
      case Query.TYPE:
        return Query.decode(payload);
      case Parse.TYPE:
        return Parse.decode(payload);
      case Bind.TYPE:
        return Bind.decode(payload);
      case Describe.TYPE:
        return Describe.decode(payload);
      case Execute.TYPE:
        return Execute.decode(payload);
      case Sync.TYPE:
        return Sync.decode(payload);
      case Flush.TYPE:
        return Flush.decode(payload);
      case Close.TYPE:
        return Close.decode(payload);
      case CopyData.TYPE:
        return CopyData.decode(payload);
      case CopyDone.TYPE:
        return CopyDone.decode(payload);
      case CopyFail.TYPE:
        return CopyFail.decode(payload);
      case FunctionCall.TYPE:
        return FunctionCall.decode(payload);
      case Terminate.TYPE:
        return Terminate.decode(payload);
      case PasswordMessage.TYPE:
        return PasswordMessage.decode(payload);
      default:
        throw ProtocolException.violation(
            "unknown frontend message type " + TypeBytes.describe(type));
    }
  }
}
