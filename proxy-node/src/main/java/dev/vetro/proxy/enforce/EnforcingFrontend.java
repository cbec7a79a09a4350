package dev.vetro.proxy.enforce;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.analysis.BoundParameters;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.protocol.Segment;
import dev.vetro.protocol.frontend.Bind;
import dev.vetro.protocol.frontend.Close;
import dev.vetro.protocol.frontend.FunctionCall;
import dev.vetro.protocol.frontend.Parse;
import dev.vetro.protocol.frontend.Query;
import dev.vetro.proxy.events.StatementProtocol;
import dev.vetro.proxy.relay.MessageInterceptor;
import dev.vetro.proxy.session.SessionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Client → server: judges every Query, Parse and FunctionCall (and a Bind whose statement was
 * prepared under another policy) and sends a blocked one upstream as a sentinel that fails in the
 * server's parser. The server then does what it does after any error, which is exactly what the
 * client must see: a simple Query ends with ReadyForQuery; in the extended protocol the rest up to
 * Sync is skipped and Sync gets one ReadyForQuery; an open transaction is left failed (a later
 * COMMIT rolls back); and the transaction status in ReadyForQuery is the server's own. Everything
 * else goes to the wrapped interceptor (auth).
 */
public final class EnforcingFrontend implements MessageInterceptor {
  private static final Set<Byte> BIND = Set.of((byte) 'B');
  private final MessageInterceptor inner;
  private final SessionEnforcement state;
  private final Set<Byte> captured;

  public EnforcingFrontend(MessageInterceptor inner, SessionEnforcement state) {
    this.inner = inner;
    this.state = state;
    Set<Byte> types = new HashSet<>(inner.capturedTypes()); // Query, Parse, FunctionCall, Sync
    // Close, to forget a prepared statement. Bind only conditionally (below).
    types.add((byte) 'C');
    this.captured = Set.copyOf(types);
  }

  /**
   * Bind, to judge a prepared statement again, but only while that may be needed: a statement was
   * judged under another policy, is blocked now, or was forgotten. A captured message is read whole
   * and bounded by PROXY_MAX_MESSAGE_BYTES; the rest of the time a Bind streams through unread, so
   * large parameters pass and the hot path pays nothing per Bind.
   */
  @Override
  public Set<Byte> conditionallyCapturedTypes() {
    return BIND;
  }

  @Override
  public boolean captureNow(byte type) {
    return type == 'B'
        && !state.prepared().settledUnder(state.node().policies().current().policy());
  }

  @Override
  public Set<Byte> capturedTypes() {
    return captured;
  }

  @Override
  public ByteString onMessage(Segment.Captured message, SessionContext session) {
    switch (message.type()) {
      case 'Q' -> {
        ByteString out =
            onQuery(
                Query.decode(message.payload(), session.clientCharset()).sql(),
                message.message(),
                session);
        state.readyRequested();
        return out;
      }
      case 'P' -> {
        return onParse(Parse.decode(message.payload(), session.clientCharset()), message, session);
      }
      case 'F' -> {
        ByteString out =
            onFunctionCall(FunctionCall.decode(message.payload()), message.message(), session);
        state.readyRequested();
        return out;
      }
      case 'B' -> {
        return onBind(message, session);
      }
      case 'C' -> {
        Close close = Close.decode(message.payload(), session.clientCharset());
        if (!close.isPortal()) {
          state.prepared().closed(close.name());
        }
        return message.message();
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
    Decision decision = judge(sql, session, StatementProtocol.SIMPLE);
    return decision.blocked() ? SentinelMessages.query(state.block(decision)) : original;
  }

  private ByteString onParse(Parse parse, Segment.Captured message, SessionContext session) {
    CompiledPolicy policy = state.node().policies().current().policy();
    Decision decision =
        state
            .node()
            .judgeParse(
                parse.query(),
                state.facts(),
                session.standardConformingStrings(),
                session.transactionStatus() != 'I');
    if (!decision.violations().isEmpty() && BoundParameters.decidedAtBind(decision)) {
      // WHERE $1: all rows or none by the value bound. Each Bind is judged with its values.
      state.allowedStatement(parse.name());
      state.prepared().prepared(parse.name(), parse.query(), parse.parameterTypes(), policy);
      return message.message();
    }
    state.counted(decision);
    if (!decision.blocked()) {
      state.allowedStatement(parse.name());
      state.prepared().prepared(parse.name(), parse.query(), policy);
      return message.message();
    }
    state.blockedStatement(parse.name(), decision);
    state.prepared().parseBlocked(parse.name());
    // Same name: the server drops the unnamed statement (or refuses a duplicate name) exactly as
    // it would have for the real Parse, before the sentinel fails.
    return SentinelMessages.parseNamedAs(message.payload(), state.block(decision));
  }

  /**
   * A statement prepared under an earlier policy is judged again before it runs (the server would
   * execute what it holds without asking). Blocked now: the Bind goes upstream as a sentinel Parse,
   * so the client gets the block's error and the rest up to Sync is skipped, as for a blocked
   * Parse; the statement stays in the server, so it runs again if the policy allows it later. Names
   * the session never prepared (SQL PREPARE, typos) are the server's business.
   */
  private ByteString onBind(Segment.Captured message, SessionContext session) {
    ByteString original = message.message();
    PreparedStatements prepared = state.prepared();
    if (prepared.isEmpty()) {
      return original;
    }
    Bind bind = Bind.decode(message.payload(), session.clientCharset());
    String name = bind.statement();
    CompiledPolicy policy = state.node().policies().current().policy();
    PreparedStatements.Entry entry = prepared.get(name);
    if (entry == null) {
      if (prepared.unknownNameIsSafe(policy)) {
        return original;
      }
      Decision forgotten =
          state.counted(
              state
                  .node()
                  .judgeFinding(
                      unjudgeable(name),
                      state.facts(),
                      StatementProtocol.EXTENDED,
                      "Bind(" + name + ")"));
      return forgotten.blocked()
          ? SentinelMessages.sentinelParse(state.block(forgotten))
          : original;
    }
    if (entry.judgedUnder == policy && !entry.blocked && !entry.judgedAtBind()) {
      return original; // the hot path: judged under this very policy
    }
    Decision decision =
        judge(
            boundText(entry.sql, entry.bindTypes, bind, session),
            session,
            StatementProtocol.EXTENDED);
    if (entry.replaced != null && !decision.blocked()) {
      decision =
          judge(
              boundText(entry.replaced, entry.replacedBindTypes, bind, session),
              session,
              StatementProtocol.EXTENDED);
    }
    prepared.rejudged(entry, policy, decision.blocked());
    return decision.blocked() ? SentinelMessages.sentinelParse(state.block(decision)) : original;
  }

  /**
   * The text to judge for a Bind of {@code sql}: for a WHERE decided by bound parameters ({@code
   * bindTypes} not null), the statement with the values bound (text or binary); otherwise, or when
   * a value cannot be read, the statement as prepared (a parameter-only WHERE is then judged as
   * reaching all rows).
   */
  private static String boundText(
      String sql, List<Integer> bindTypes, Bind bind, SessionContext session) {
    if (bindTypes == null) {
      return sql;
    }
    List<byte[]> values = new ArrayList<>(bind.parameters().size());
    for (ByteString p : bind.parameters()) {
      values.add(p == null ? null : p.toArray());
    }
    String bound =
        BoundParameters.substitute(
            sql, session.standardConformingStrings(), bindTypes, bind.parameterFormats(), values);
    return bound != null ? bound : sql;
  }

  private static Finding unjudgeable(String name) {
    return Finding.of(
        RuleCatalog.PARSE_ERROR,
        "Bind > PreparedStatement = forgotten",
        "prepared statement \""
            + name
            + "\" was prepared under an earlier policy and its text is no longer"
            + " kept (more than "
            + PreparedStatements.MAX_STATEMENTS
            + " statements in this session); prepare it again");
  }

  /**
   * A blocked FunctionCall becomes a sentinel Query: its failure is ErrorResponse then
   * ReadyForQuery, exactly the shape of a failed FunctionCall, and it needs no function.
   */
  private ByteString onFunctionCall(
      FunctionCall call, ByteString original, SessionContext session) {
    String sql = FunctionCalls.asSql(call.functionOid(), call.arguments().size());
    Decision decision =
        sql != null
            ? judge(sql, session, StatementProtocol.FUNCTION_CALL)
            : state.counted(
                state
                    .node()
                    .judgeFinding(
                        FunctionCalls.unknown(call.functionOid()),
                        state.facts(),
                        StatementProtocol.FUNCTION_CALL,
                        FunctionCalls.describe(call.functionOid())));
    return decision.blocked() ? SentinelMessages.query(state.block(decision)) : original;
  }

  private Decision judge(String sql, SessionContext session, StatementProtocol protocol) {
    return state.counted(
        state
            .node()
            .judgeSql(
                sql,
                state.facts(),
                session.standardConformingStrings(),
                session.transactionStatus() != 'I',
                protocol));
  }
}
