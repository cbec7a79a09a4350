package dev.vetro.protocol.backend;

import org.apache.pekko.util.ByteString;

/** A typed-phase message from server to client. */
public sealed interface BackendMessage
    permits Authentication,
        BackendKeyData,
        BindComplete,
        CloseComplete,
        CommandComplete,
        CopyInResponse,
        CopyOutResponse,
        CopyBothResponse,
        CopyData,
        CopyDone,
        DataRow,
        EmptyQueryResponse,
        ErrorResponse,
        NoticeResponse,
        FunctionCallResponse,
        NegotiateProtocolVersion,
        NoData,
        NotificationResponse,
        ParameterDescription,
        ParameterStatus,
        ParseComplete,
        PortalSuspended,
        ReadyForQuery,
        RowDescription {

  /** The type byte on the wire. */
  byte type();

  /** Full wire bytes: type byte, int32 length, payload. */
  ByteString encode();
}
