package dev.vetro.policy.check;

import dev.vetro.policy.lexer.SqlStatement;
import dev.vetro.policy.lexer.Token;
import java.util.List;

/**
 * Whether a migration file is inside BEGIN … COMMIT after a statement, read from the lexer's
 * statement kind and tokens (never from whitespace-split text, which a comment or a quoted word
 * would fool). Feeds VETRO-027: CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
 */
final class TransactionBlock {

  private static final String KIND = "TransactionStmt";

  private TransactionBlock() {}

  /**
   * @param kind the statement's parse-node kind from the analysis
   * @param before whether a block was open before this statement
   */
  static boolean after(SqlStatement st, String kind, boolean before) {
    List<Token> t = st.tokens();
    if (!KIND.equals(kind) || t.isEmpty()) {
      return before;
    }
    String sql = st.sql();
    return switch (t.get(0).text(sql).toLowerCase(java.util.Locale.ROOT)) {
      case "begin", "start" -> true;
      // COMMIT PREPARED / ROLLBACK PREPARED act on another transaction and cannot run in a block
      case "commit", "end", "abort" -> is(st, 1, "prepared") || chains(st) ? before : false;
      case "rollback" -> rollbackKeepsBlock(st) ? before : false;
      // PREPARE TRANSACTION detaches the open transaction from the session
      case "prepare" -> false;
      default -> before; // SAVEPOINT, RELEASE
    };
  }

  /** ROLLBACK [WORK|TRANSACTION] TO …, ROLLBACK PREPARED, … AND CHAIN stay in (or out of) it. */
  private static boolean rollbackKeepsBlock(SqlStatement st) {
    int i = 1;
    if (is(st, i, "work") || is(st, i, "transaction")) {
      i++;
    }
    return is(st, i, "to") || is(st, 1, "prepared") || chains(st);
  }

  /** {@code … AND CHAIN} starts a new block at once; {@code AND NO CHAIN} does not. */
  private static boolean chains(SqlStatement st) {
    int n = st.tokens().size();
    return n >= 3 && is(st, n - 1, "chain") && is(st, n - 2, "and");
  }

  private static boolean is(SqlStatement st, int i, String word) {
    return i < st.tokens().size() && st.tokens().get(i).isWord(st.sql(), word);
  }
}
