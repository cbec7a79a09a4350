package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.TypeBytes;
import org.apache.pekko.util.ByteString;

/** One switch from type byte to message decoder. */
public final class BackendCodec {
  private BackendCodec() {}

  /**
   * @param payload the bytes after the type byte and length word
   * @throws ProtocolException 08P01 for an unknown type or a malformed payload
   */
  public static BackendMessage decode(byte type, ByteString payload) {
    switch (type) {
      case Authentication.TYPE:
        return Authentication.decode(payload);
      case BackendKeyData.TYPE:
        return BackendKeyData.decode(payload);
      case BindComplete.TYPE:
        return BindComplete.decode(payload);
      case CloseComplete.TYPE:
        return CloseComplete.decode(payload);
      case CommandComplete.TYPE:
        return CommandComplete.decode(payload);
      case CopyInResponse.TYPE:
        return CopyInResponse.decode(payload);
      case CopyOutResponse.TYPE:
        return CopyOutResponse.decode(payload);
      case CopyBothResponse.TYPE:
        return CopyBothResponse.decode(payload);
      case CopyData.TYPE:
        return CopyData.decode(payload);
      case CopyDone.TYPE:
        return CopyDone.decode(payload);
      case DataRow.TYPE:
        return DataRow.decode(payload);
      case EmptyQueryResponse.TYPE:
        return EmptyQueryResponse.decode(payload);
      case ErrorResponse.TYPE:
        return ErrorResponse.decode(payload);
      case NoticeResponse.TYPE:
        return NoticeResponse.decode(payload);
      case FunctionCallResponse.TYPE:
        return FunctionCallResponse.decode(payload);
      case NegotiateProtocolVersion.TYPE:
        return NegotiateProtocolVersion.decode(payload);
      case NoData.TYPE:
        return NoData.decode(payload);
      case NotificationResponse.TYPE:
        return NotificationResponse.decode(payload);
      case ParameterDescription.TYPE:
        return ParameterDescription.decode(payload);
      case ParameterStatus.TYPE:
        return ParameterStatus.decode(payload);
      case ParseComplete.TYPE:
        return ParseComplete.decode(payload);
      case PortalSuspended.TYPE:
        return PortalSuspended.decode(payload);
      case ReadyForQuery.TYPE:
        return ReadyForQuery.decode(payload);
      case RowDescription.TYPE:
        return RowDescription.decode(payload);
      default:
        throw ProtocolException.violation(
            "unknown backend message type " + TypeBytes.describe(type));
    }
  }
}
