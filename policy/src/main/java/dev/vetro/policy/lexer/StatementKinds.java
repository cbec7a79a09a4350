package dev.vetro.policy.lexer;

/**
 * Maps a statement's leading tokens to the parse-node type PostgreSQL's grammar (gram.y) builds for
 * it. Only raw-parse node names are used (SELECT ... INTO stays SelectStmt, as the raw parser
 * leaves it). ALTER forms live in {@link AlterKinds}.
 */
final class StatementKinds {

  private StatementKinds() {}

  static String of(Words w) {
    int i = 0;
    if (w.size == 0) {
      return Classification.UNKNOWN_KIND;
    }
    if (w.isType(0, TokenType.LPAREN)) {
      return "SelectStmt";
    }
    return switch (w.word(i)) {
      case "select", "values", "table" -> "SelectStmt";
      case "with" -> withKind(w);
      case "insert" -> "InsertStmt";
      case "update" -> "UpdateStmt";
      case "delete" -> "DeleteStmt";
      case "merge" -> "MergeStmt";
      case "explain" -> "ExplainStmt";
      case "copy" -> "CopyStmt";
      case "set" -> w.is(1, "constraints") ? "ConstraintsSetStmt" : "VariableSetStmt";
      case "reset" -> "VariableSetStmt";
      case "show" -> "VariableShowStmt";
      case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release" ->
          "TransactionStmt";
      case "prepare" -> w.is(1, "transaction") ? "TransactionStmt" : "PrepareStmt";
      case "execute" -> "ExecuteStmt";
      case "deallocate" -> "DeallocateStmt";
      case "declare" -> "DeclareCursorStmt";
      case "fetch", "move" -> "FetchStmt";
      case "close" -> "ClosePortalStmt";
      case "do" -> "DoStmt";
      case "call" -> "CallStmt";
      case "truncate" -> "TruncateStmt";
      case "lock" -> "LockStmt";
      case "vacuum", "analyze", "analyse" -> "VacuumStmt";
      case "reindex" -> "ReindexStmt";
      case "cluster" -> "ClusterStmt";
      case "checkpoint" -> "CheckPointStmt";
      case "discard" -> "DiscardStmt";
      case "listen" -> "ListenStmt";
      case "unlisten" -> "UnlistenStmt";
      case "notify" -> "NotifyStmt";
      case "load" -> "LoadStmt";
      case "comment" -> "CommentStmt";
      case "security" -> "SecLabelStmt";
      case "grant", "revoke" -> grantKind(w);
      case "reassign" -> "ReassignOwnedStmt";
      case "refresh" -> "RefreshMatViewStmt";
      case "import" -> "ImportForeignSchemaStmt";
      case "create" -> CreateKinds.of(w);
      case "alter" -> AlterKinds.of(w);
      case "drop" -> dropKind(w);
      default -> Classification.UNKNOWN_KIND;
    };
  }

  /** WITH ... then whichever of SELECT/INSERT/UPDATE/DELETE/MERGE the CTE list leads to. */
  private static String withKind(Words w) {
    int main = CteClause.mainStatement(w, 0);
    if (main < 0) {
      return Classification.UNKNOWN_KIND;
    }
    if (w.isType(main, TokenType.LPAREN)) {
      return "SelectStmt";
    }
    return switch (w.word(main)) {
      case "select", "values", "table" -> "SelectStmt";
      case "insert" -> "InsertStmt";
      case "update" -> "UpdateStmt";
      case "delete" -> "DeleteStmt";
      case "merge" -> "MergeStmt";
      default -> Classification.UNKNOWN_KIND;
    };
  }

  /** GRANT privileges ON objects is GrantStmt; GRANT role TO role (no ON) is GrantRoleStmt. */
  private static String grantKind(Words w) {
    int on = w.findTopLevel(1, "on");
    int to = w.findTopLevel(1, w.is(0, "grant") ? "to" : "from");
    return on >= 0 && (to < 0 || on < to) ? "GrantStmt" : "GrantRoleStmt";
  }

  private static String dropKind(Words w) {
    return switch (w.word(1)) {
      case "role", "group" -> "DropRoleStmt";
      case "user" -> w.is(2, "mapping") ? "DropUserMappingStmt" : "DropRoleStmt";
      case "database" -> "DropdbStmt";
      case "tablespace" -> "DropTableSpaceStmt";
      case "subscription" -> "DropSubscriptionStmt";
      case "owned" -> "DropOwnedStmt";
      default -> w.size > 1 ? "DropStmt" : Classification.UNKNOWN_KIND;
    };
  }
}
