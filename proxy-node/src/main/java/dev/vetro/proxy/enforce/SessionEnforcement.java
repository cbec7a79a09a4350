package dev.vetro.proxy.enforce;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.proxy.session.JudgedCounts;

/**
 * One session's enforcement state, shared by its two interceptors (in the session phase): the
 * sentinels in flight (frontend adds, backend rewrites their errors), the names of blocked prepared
 * statements, and the count of ReadyForQuery-producing messages that ties a sentinel to the end of
 * its pipeline. Lives beside the stream rather than in the session actor because it is touched per
 * message and the hot path pays no actor round trip.
 */
public final class SessionEnforcement implements JudgedCounts.Source {
  private final Enforcement node;
  private final SessionFacts facts;
  private final Sentinels sentinels = new Sentinels();
  private final PendingBlocks pending = new PendingBlocks();
  private final BlockedStatements blockedStatements = new BlockedStatements();
  private final PreparedStatements prepared = new PreparedStatements();

  /**
   * ReadyForQuery messages the client's input so far will produce: one for the startup, then one
   * per Query, Sync and FunctionCall. Written by the frontend only.
   */
  private volatile long readyRequested = 1;

  /** ReadyForQuery messages seen from the server. Backend only. */
  private long readySeen;

  // Written by the frontend only; volatile so the session actor reads current values.
  private volatile long allowed;
  private volatile long flagged;
  private volatile long blocked;

  public SessionEnforcement(Enforcement node, SessionFacts facts) {
    this.node = node;
    this.facts = facts;
  }

  public Enforcement node() {
    return node;
  }

  public SessionFacts facts() {
    return facts;
  }

  // ---- frontend side

  /** Counts one decision of this session. */
  Decision counted(Decision decision) {
    Verdict v = decision.decision();
    if (v == Verdict.BLOCKED) {
      blocked++;
    } else if (v == Verdict.FLAGGED) {
      flagged++;
    } else {
      allowed++;
    }
    return decision;
  }

  /**
   * Records a block and returns the sentinel text to send instead. The sentinel's error will come
   * before the ReadyForQuery that answers the next Sync (or this Query / FunctionCall).
   */
  String block(Decision decision) {
    String sentinel = sentinels.next();
    pending.add(sentinel, readyRequested + 1, BlockedErrors.forDecision(decision));
    return sentinel;
  }

  void blockedStatement(String name, Decision decision) {
    blockedStatements.blocked(name, BlockedErrors.forDecision(decision));
  }

  /** Texts of the session's allowed prepared statements, for judging them again at Bind. */
  PreparedStatements prepared() {
    return prepared;
  }

  void allowedStatement(String name) {
    blockedStatements.allowed(name);
  }

  /** A Query, Sync or FunctionCall went upstream: the server will answer it with ReadyForQuery. */
  void readyRequested() {
    readyRequested++;
  }

  // ---- backend side

  /** The error the client gets in place of {@code error}, or null to relay it unchanged. */
  ErrorResponse replacementFor(ServerError error) {
    if (sentinels.isSentinelError(error)) {
      ErrorResponse mine = pending.take(error);
      return mine != null ? mine : BlockedErrors.unmatched();
    }
    return blockedStatements.isEmpty() ? null : blockedStatements.rewrite(error);
  }

  void readyForQuery() {
    readySeen++;
    if (!pending.isEmpty()) {
      pending.readyForQuery(readySeen);
    }
  }

  @Override
  public JudgedCounts judgedCounts() {
    return new JudgedCounts(allowed, flagged, blocked, blockedStatements.size());
  }

  int pendingSentinels() {
    return pending.size();
  }

  int blockedStatementNames() {
    return blockedStatements.size();
  }
}
