package dev.vetro.proxy.enforce;

import dev.vetro.protocol.Segment;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.relay.MessageInterceptor;
import dev.vetro.proxy.session.SessionContext;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Server → client: rewrites the failure of a sentinel into the block's own error (42501), and a
 * "prepared statement does not exist" for a blocked statement name likewise. Every other error is
 * relayed as the server sent it. ReadyForQuery passes unchanged (its transaction status is the
 * server's) and closes the pipelines whose sentinels were skipped.
 */
public final class EnforcingBackend implements MessageInterceptor {
  private final MessageInterceptor inner;
  private final SessionEnforcement state;

  public EnforcingBackend(MessageInterceptor inner, SessionEnforcement state) {
    this.inner = inner;
    this.state = state;
  }

  @Override
  public Set<Byte> capturedTypes() {
    return inner.capturedTypes(); // ErrorResponse and ReadyForQuery are among them
  }

  @Override
  public ByteString onMessage(Segment.Captured message, SessionContext session) {
    ByteString out = inner.onMessage(message, session);
    if (message.type() == 'E') {
      // Errors are rare and always checked (not only while a block is pending), so a sentinel's
      // error can never reach the client unrewritten.
      ErrorResponse replacement =
          state.replacementFor(ServerError.read(message.payload(), session.clientCharset()));
      return replacement == null ? out : BlockedErrors.encode(replacement, session.clientCharset());
    }
    if (message.type() == 'Z') {
      state.readyForQuery();
    }
    return out;
  }
}
