package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE [OR REPLACE] FUNCTION|PROCEDURE as gram.y's CreateFunctionStmt reads it: name, argument
 * list, RETURNS, the option items, and the body. Every body is judged now, because a later call
 * ({@code SELECT f()}, CALL, a trigger) runs it with no statement text to read: a SQL-standard body
 * ({@code BEGIN ATOMIC stmt; … END}) statement by statement as the server parses it, a string body
 * (AS '…') by {@link FunctionBody}. Findings are reported under {@code CreateFunctionStmt > Body}.
 */
final class FunctionGrammar {

  private FunctionGrammar() {}

  /** The cursor stands on CREATE. */
  static Exact create(TokenCursor c, Exact.Nested nested) {
    c.advance();
    c.acceptAll("or", "replace");
    boolean procedure = c.accept("procedure");
    if (!procedure && !c.accept("function")) {
      return null;
    }
    if (c.qualifiedName() == null || !DdlShapes.funcArgs(c)) {
      return null;
    }
    if (c.accept("returns")) {
      if (c.accept("table")) {
        if (!columnDefs(c)) {
          return null;
        }
      } else if (!DdlShapes.type(c)) {
        return null;
      }
    }
    Exact e = new Exact("CreateFunctionStmt");
    Token body = null;
    String language = null;
    while (!c.atEnd()) {
      if (c.isWord("return")) {
        c.advance();
        return !c.atEnd() && c.restIsBalanced() ? e : null; // RETURN a_expr runs to the end
      }
      if (c.isWord("begin") && c.isWordAt(1, "atomic")) {
        c.advance();
        c.advance();
        return atomicBody(c, e, nested) ? e : null;
      }
      if (c.isWord("as") && c.peek(1) != null && c.peek(1).type() == TokenType.STRING) {
        body = c.peek(1);
      } else if (c.isWord("language") && c.peek(1) != null) {
        language = SettingGrammar.value(c.sql(), c.peek(1));
      }
      if (!option(c)) {
        return null;
      }
    }
    if (body != null) {
      FunctionBody.judge(c.sql(), body, language, nested, e);
    }
    return e;
  }

  /** RETURNS TABLE ( name type [, …] ). */
  private static boolean columnDefs(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    do {
      if (!c.isName()) {
        return false;
      }
      c.advance();
      if (!DdlShapes.type(c)) {
        return false;
      }
    } while (c.accept(TokenType.COMMA));
    return c.accept(TokenType.RPAREN);
  }

  /** One createfunc_opt_item / common_func_opt_item. */
  static boolean option(TokenCursor c) {
    if (c.accept("as")) {
      if (!c.accept(TokenType.STRING)) {
        return false;
      }
      return !c.accept(TokenType.COMMA) || c.accept(TokenType.STRING);
    }
    if (c.accept("language")) {
      return c.accept(TokenType.STRING) || c.isName() && advance(c);
    }
    if (c.acceptAll("called", "on", "null", "input")
        || c.acceptAll("returns", "null", "on", "null", "input")
        || c.accept("strict")
        || c.accept("immutable")
        || c.accept("stable")
        || c.accept("volatile")
        || c.accept("window")
        || c.accept("leakproof")
        || c.acceptAll("not", "leakproof")) {
      return true;
    }
    if (c.accept("external") || c.isWord("security")) {
      return c.accept("security") && (c.accept("definer") || c.accept("invoker"));
    }
    if (c.accept("cost") || c.accept("rows")) {
      return c.accept(TokenType.NUMBER);
    }
    if (c.accept("support")) {
      return c.qualifiedName() != null;
    }
    if (c.accept("parallel")) {
      return c.isName() && advance(c);
    }
    if (c.accept("transform")) {
      do {
        if (!c.acceptAll("for", "type") || !DdlShapes.type(c)) {
          return false;
        }
      } while (c.accept(TokenType.COMMA));
      return true;
    }
    if (c.accept("set")) {
      return setClause(c);
    }
    if (c.accept("reset")) {
      return c.accept("all") || c.qualifiedName() != null;
    }
    return false;
  }

  /** SET name {TO|=} value [, value]… | SET name FROM CURRENT. */
  private static boolean setClause(TokenCursor c) {
    if (c.qualifiedName() == null) {
      return false;
    }
    if (c.acceptAll("from", "current")) {
      return true;
    }
    if (!c.accept("to") && !(c.is(TokenType.OPERATOR) && c.text().equals("=") && advance(c))) {
      return false;
    }
    do {
      if (c.is(TokenType.OPERATOR) && (c.text().equals("-") || c.text().equals("+"))) {
        c.advance();
      }
      if (!c.is(TokenType.STRING) && !c.is(TokenType.NUMBER) && !c.isName()) {
        return false;
      }
      c.advance();
    } while (c.accept(TokenType.COMMA));
    return true;
  }

  /** stmt; … END — every inner statement judged as itself. */
  private static boolean atomicBody(TokenCursor c, Exact e, Exact.Nested nested) {
    int last = c.size() - 1;
    if (last < c.pos() || !c.tokens().get(last).isWord(c.sql(), "end") || !c.restIsBalanced()) {
      return false;
    }
    int from = c.pos();
    int depth = 0;
    for (int i = from; i < last; i++) {
      TokenType t = c.tokens().get(i).type();
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        depth--;
      } else if (t == TokenType.SEMICOLON && depth == 0) {
        if (i > from) {
          e.absorb(nested.analyse(from, i), "CreateFunctionStmt > Body", true);
        }
        from = i + 1;
      }
    }
    if (from < last) {
      e.absorb(nested.analyse(from, last), "CreateFunctionStmt > Body", true);
    }
    return true;
  }

  private static boolean advance(TokenCursor c) {
    c.advance();
    return true;
  }
}
