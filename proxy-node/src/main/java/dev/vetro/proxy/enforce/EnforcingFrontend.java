package dev.vetro.proxy.enforce;

import dev.vetro.protocol.Segment;
import dev.vetro.protocol.frontend.FunctionCall;
import dev.vetro.policy.decision.Decision;
import dev.vetro.proxy.relay.MessageInterceptor;
import dev.vetro.proxy.session.SessionContext;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Client → server: judges every Query, Parse and FunctionCall and sends a blocked one upstream as
 * a sentinel that fails in the server's parser. The server then does what it does after any
 * error, which is exactly what the client must see: a simple Query ends with ReadyForQuery; in
 * the extended protocol the rest up to Sync is skipped and Sync gets one ReadyForQuery; an open
 * transaction is left failed (a later COMMIT rolls back); and the transaction status in
 * ReadyForQuery is the server's own. Everything else goes to the wrapped interceptor (auth).
 */
public final class EnforcingFrontend implements MessageInterceptor {
  private final MessageInterceptor inner;
  private final SessionEnforcement state;

  public EnforcingFrontend(MessageInterceptor inner, SessionEnforcement state) {
    this.inner = inner;
    this.state = state;
  }

  @Override
  public Set<Byte> capturedTypes() {
    return inner.capturedTypes(); // Query, Parse, FunctionCall and Sync are among them
  }

  @Override
  public ByteString onMessage(Segment.Captured message, SessionContext session) {
    switch (message.type()) {
      case 'Q' -> {
        ByteString out = onQuery(ClientText.query(message.payload(), session.clientCharset()), message.message(), session);
        state.readyRequested();
        return out;
      }
      case 'P' -> {
        return onParse(ClientText.parse(message.payload(), session.clientCharset()), message.message(), session);
      }
      case 'F' -> {
        ByteString out = onFunctionCall(FunctionCall.decode(message.payload()), message.message(), session);
        state.readyRequested();
        return out;
      }
      case 'S' -> {
        state.readyRequested();
        return message.message();
      }
      default -> {
        return inner.onMessage(message, session);
      }
    }
  }

  private ByteString onQuery(String sql, ByteString original, SessionContext session) {
    Decision decision = judge(sql, session, Enforcement.SIMPLE);
    return decision.blocked() ? ClientText.query(state.block(decision)) : original;
  }

  private ByteString onParse(ClientText.Parse parse, ByteString original, SessionContext session) {
    Decision decision = judge(parse.query(), session, Enforcement.EXTENDED);
    if (!decision.blocked()) {
      state.allowedStatement(parse.name());
      return original;
    }
    state.blockedStatement(parse.name(), decision);
    // Same name: the server drops the unnamed statement (or refuses a duplicate name) exactly as
    // it would have for the real Parse, before the sentinel fails.
    return ClientText.parse(parse.nameBytes(), state.block(decision));
  }

  /**
   * A blocked FunctionCall becomes a sentinel Query: its failure is ErrorResponse then
   * ReadyForQuery, exactly the shape of a failed FunctionCall, and it needs no function.
   */
  private ByteString onFunctionCall(FunctionCall call, ByteString original, SessionContext session) {
    String sql = FunctionCalls.asSql(call.functionOid(), call.arguments().size());
    Decision decision = sql != null
        ? judge(sql, session, Enforcement.FUNCTION_CALL)
        : state.counted(state.node().judgeFinding(FunctionCalls.unknown(call.functionOid()), state.facts(),
            Enforcement.FUNCTION_CALL, FunctionCalls.describe(call.functionOid())));
    return decision.blocked() ? ClientText.query(state.block(decision)) : original;
  }

  private Decision judge(String sql, SessionContext session, String protocol) {
    return state.counted(state.node().judgeSql(sql, state.facts(), session.standardConformingStrings(),
        session.transactionStatus() != 'I', protocol));
  }
}
