package dev.vetro.policy.lexer;

/**
 * Derives {@link Effect} from a statement's kind and tokens. Conservative by construction:
 * READ_ONLY only for query-shaped statements whose every token was checked.
 */
final class Effects {

  private Effects() {}

  static Effect of(Words w, String kind, Effect nested) {
    for (int i = 0; i < w.size; i++) {
      if (w.t.type(i) == TokenType.ERROR) {
        return Effect.UNKNOWN;
      }
    }
    return switch (kind) {
      case "SelectStmt" -> query(w, 0);
      case "VariableShowStmt", "FetchStmt" -> Effect.READ_ONLY;
      case "ExplainStmt" -> explain(w, nested);
      case "VariableSetStmt",
          "DiscardStmt",
          "DeallocateStmt",
          "ClosePortalStmt",
          "ListenStmt",
          "UnlistenStmt",
          "ConstraintsSetStmt" ->
          Effect.SESSION;
      case "TransactionStmt" -> transaction(w);
      case "PrepareStmt", "DeclareCursorStmt" ->
          nested == Effect.READ_ONLY ? Effect.SESSION : nested == null ? Effect.UNKNOWN : nested;
      case "LockStmt" -> lock(w);
      case "CopyStmt" -> copy(w, nested);
      case "ExecuteStmt", Classification.UNKNOWN_KIND -> Effect.UNKNOWN;
      default -> Effect.WRITE;
    };
  }

  /**
   * A SELECT/VALUES/TABLE (possibly WITH) from token {@code from}: WRITE if it certainly writes or
   * locks rows, UNKNOWN if it calls something not known to be safe, else READ_ONLY.
   */
  static Effect query(Words w, int from) {
    Effect result = Effect.READ_ONLY;
    boolean[] cteNames = null;
    for (int i = from; i < w.size; i++) {
      TokenType type = w.t.type(i);
      switch (type) {
        case SEMICOLON:
          // Only a merged "(... ; ...)" gets here; the server rejects it, we cannot read it.
          result = Effect.UNKNOWN;
          break;
        case OPERATOR:
          if (!FunctionSafety.SAFE_OPERATORS.contains(w.text(i))) {
            result = Effect.UNKNOWN;
          }
          break;
        case QUOTED_IDENT:
          if (w.isType(i + 1, TokenType.LPAREN)
              && !typeOrAlias(w, i)
              && !(cteNames != null && cteNames[i])) {
            result = Effect.UNKNOWN;
          }
          break;
        case IDENT:
          String word = w.word(i);
          switch (word) {
            case "insert", "update", "delete", "merge", "into":
              return Effect.WRITE;
            case "for":
              if (w.isAny(i + 1, "update", "share", "no", "key")) {
                return Effect.WRITE;
              }
              break;
            case "with":
              cteNames = markCteNames(w, i, cteNames);
              break;
            default:
              break;
          }
          if (w.isType(i + 1, TokenType.LPAREN) && !(cteNames != null && cteNames[i])) {
            Effect call = call(w, i, word);
            if (call == Effect.WRITE) {
              return Effect.WRITE;
            }
            if (call == Effect.UNKNOWN) {
              result = Effect.UNKNOWN;
            }
          }
          break;
        default:
          break;
      }
    }
    return result;
  }

  /** The effect of calling {@code word(...)} at {@code i}, or READ_ONLY if it is not a call. */
  private static Effect call(Words w, int i, String word) {
    if (typeOrAlias(w, i) || FunctionSafety.NOT_CALLS.contains(word)) {
      return Effect.READ_ONLY;
    }
    if (w.isType(i - 1, TokenType.DOT)) {
      // schema.function(...): only pg_catalog's built-ins are known.
      if (!(i >= 2 && w.is(i - 2, "pg_catalog"))) {
        return FunctionSafety.WRITING.contains(word) ? Effect.WRITE : Effect.UNKNOWN;
      }
    }
    if (FunctionSafety.WRITING.contains(word)) {
      return Effect.WRITE;
    }
    return FunctionSafety.SAFE.contains(word) ? Effect.READ_ONLY : Effect.UNKNOWN;
  }

  /** {@code ::type(n)}, {@code AS type(n)} and {@code AS alias(cols)} are not calls. */
  private static boolean typeOrAlias(Words w, int i) {
    return i > 0 && (w.isType(i - 1, TokenType.CAST) || w.is(i - 1, "as"));
  }

  private static boolean[] markCteNames(Words w, int with, boolean[] marks) {
    int i = with + 1;
    if (w.is(i, "recursive")) {
      i++;
    }
    while (i < w.size) {
      int after = CteClause.cteBody(w, i);
      if (after < 0) {
        break;
      }
      if (marks == null) {
        marks = new boolean[w.size];
      }
      marks[i] = true;
      i = after;
      while (i < w.size
          && !w.isType(i, TokenType.COMMA)
          && w.isAny(
              i, "search", "cycle", "depth", "breadth", "first", "by", "set", "to", "default",
              "using")) {
        i++;
      }
      if (!w.isType(i, TokenType.COMMA)) {
        break;
      }
      i++;
    }
    return marks;
  }

  /** EXPLAIN runs its statement only with ANALYZE; without it only planning happens. */
  private static Effect explain(Words w, Effect nested) {
    if (nested == null) {
      return Effect.UNKNOWN;
    }
    if (nested == Effect.READ_ONLY) {
      return Effect.READ_ONLY;
    }
    return NestedStatements.explainAnalyzes(w)
        ? (nested == Effect.SESSION ? Effect.SESSION : nested)
        : Effect.UNKNOWN;
  }

  /** 2PC statements outlive the session, so they are writes; the rest only end or mark it. */
  private static Effect transaction(Words w) {
    if (w.is(0, "prepare") || w.is(1, "prepared")) {
      return Effect.WRITE;
    }
    return Effect.SESSION;
  }

  /** PostgreSQL refuses LOCK stronger than ROW EXCLUSIVE in read-only transactions. */
  private static Effect lock(Words w) {
    int in = w.findTopLevel(1, "in");
    if (in < 0) {
      return Effect.WRITE; // default mode is ACCESS EXCLUSIVE
    }
    boolean weak =
        w.is(in + 1, "access") && w.is(in + 2, "share")
            || w.is(in + 1, "row") && w.isAny(in + 2, "share", "exclusive");
    return weak ? Effect.SESSION : Effect.WRITE;
  }

  /**
   * COPY ... FROM writes; COPY ... TO a file or program writes on the server; COPY table TO STDOUT
   * reads; COPY (query) TO STDOUT is as good as its query.
   */
  private static Effect copy(Words w, Effect nested) {
    int i = 1;
    boolean query = w.isType(i, TokenType.LPAREN);
    i = query ? w.skipParens(i) : w.skipObjectName(i);
    if (w.isType(i, TokenType.LPAREN)) {
      i = w.skipParens(i); // column list
    }
    if (!w.is(i, "to")) {
      return Effect.WRITE;
    }
    if (!w.is(i + 1, "stdout")) {
      return Effect.WRITE;
    }
    if (!query) {
      return Effect.READ_ONLY;
    }
    return nested == null ? Effect.UNKNOWN : nested;
  }
}
