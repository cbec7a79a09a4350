package dev.vetro.protocol.frontend;

import org.apache.pekko.util.ByteString;

/** A typed-phase message from client to server. */
public sealed interface FrontendMessage
    permits Query,
        Parse,
        Bind,
        Describe,
        Execute,
        Sync,
        Flush,
        Close,
        CopyData,
        CopyDone,
        CopyFail,
        FunctionCall,
        Terminate,
        PasswordMessage {

  /** The type byte on the wire. */
  byte type();

  /** Full wire bytes: type byte, int32 length, payload. */
  ByteString encode();
}
