package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE [CONSTRAINT] TRIGGER and CREATE EVENT TRIGGER per gram.y. The trigger function runs later,
 * on events, and is judged when it is created or called; the WHEN condition is an expression whose
 * function calls the token scan already covers.
 */
final class TriggerGrammar {

  private TriggerGrammar() {}

  /** The cursor stands on CREATE. */
  static Exact create(TokenCursor c) {
    c.advance();
    c.acceptAll("or", "replace");
    if (c.isWord("event")) {
      return event(c);
    }
    c.accept("constraint");
    if (!c.accept("trigger") || !c.isName()) {
      return null;
    }
    c.advance();
    if (!c.accept("before") && !c.accept("after") && !c.acceptAll("instead", "of")) {
      return null;
    }
    do {
      if (c.accept("update")) {
        if (c.accept("of")) {
          do {
            if (!c.isName()) {
              return null;
            }
            c.advance();
          } while (c.accept(TokenType.COMMA));
        }
      } else if (!c.accept("insert") && !c.accept("delete") && !c.accept("truncate")) {
        return null;
      }
    } while (c.accept("or"));
    if (!c.accept("on") || c.qualifiedName() == null) {
      return null;
    }
    if (c.accept("from") && c.qualifiedName() == null) {
      return null;
    }
    while (c.acceptAll("not", "deferrable")
        || c.accept("deferrable")
        || c.acceptAll("initially", "immediate")
        || c.acceptAll("initially", "deferred")) {
      // constraint attributes, any order
    }
    if (c.accept("referencing")) {
      int n = 0;
      while (c.isWord("old") || c.isWord("new")) {
        c.advance();
        if (!c.accept("table") && !c.accept("row")) {
          return null;
        }
        c.accept("as");
        if (!c.isName()) {
          return null;
        }
        c.advance();
        n++;
      }
      if (n == 0) {
        return null;
      }
    }
    if (c.accept("for")) {
      c.accept("each");
      if (!c.accept("row") && !c.accept("statement")) {
        return null;
      }
    }
    if (c.accept("when") && !c.skipParens()) {
      return null;
    }
    return execute(c) ? new Exact("CreateTrigStmt") : null;
  }

  /** EXECUTE {FUNCTION|PROCEDURE} name ( [arg [, arg]…] ), args being constants or labels. */
  private static boolean execute(TokenCursor c) {
    if (!c.accept("execute") || !c.accept("function") && !c.accept("procedure")) {
      return false;
    }
    if (c.qualifiedName() == null || !c.accept(TokenType.LPAREN)) {
      return false;
    }
    if (!c.accept(TokenType.RPAREN)) {
      do {
        if (c.is(TokenType.OPERATOR) && c.text().equals("-")) {
          c.advance();
        }
        if (!c.is(TokenType.STRING) && !c.is(TokenType.NUMBER) && !c.isName()) {
          return false;
        }
        c.advance();
      } while (c.accept(TokenType.COMMA));
      if (!c.accept(TokenType.RPAREN)) {
        return false;
      }
    }
    return c.atEnd();
  }

  /** CREATE EVENT TRIGGER name ON event [WHEN tag IN ('…', …) [AND …]] EXECUTE … ( ). */
  private static Exact event(TokenCursor c) {
    c.advance();
    if (!c.accept("trigger") || !c.isName()) {
      return null;
    }
    c.advance();
    if (!c.accept("on") || !c.isName()) {
      return null;
    }
    c.advance();
    if (c.accept("when")) {
      do {
        if (!c.isName()) {
          return null;
        }
        c.advance();
        if (!c.accept("in") || !c.accept(TokenType.LPAREN)) {
          return null;
        }
        do {
          if (!c.accept(TokenType.STRING)) {
            return null;
          }
        } while (c.accept(TokenType.COMMA));
        if (!c.accept(TokenType.RPAREN)) {
          return null;
        }
      } while (c.accept("and"));
    }
    return execute(c) ? new Exact("CreateEventTrigStmt") : null;
  }
}
