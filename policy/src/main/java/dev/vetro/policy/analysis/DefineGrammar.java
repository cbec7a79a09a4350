package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * gram.y's DefineStmt family: CREATE AGGREGATE, OPERATOR, TYPE (base, shell, composite, enum,
 * range), TEXT SEARCH PARSER/DICTIONARY/TEMPLATE/CONFIGURATION and COLLATION, each a name and a
 * {@code definition} list of {@code label [= value]} items. None of them runs a query now.
 */
final class DefineGrammar {

  private DefineGrammar() {}

  /** The cursor stands on CREATE. */
  static Exact create(TokenCursor c) {
    c.advance();
    boolean orReplace = c.acceptAll("or", "replace");
    if (c.accept("aggregate")) {
      if (c.qualifiedName() == null) {
        return null;
      }
      if (c.is(TokenType.LPAREN)
          && c.peek(1) != null
          && !c.isWordAt(1, "sfunc")
          && !c.isWordAt(1, "basetype")
          && !DdlShapes.funcArgs(c)) {
        return null;
      }
      return end(c, DdlShapes.definition(c), "DefineStmt");
    }
    if (orReplace) {
      return null;
    }
    if (c.accept("operator")) {
      return end(c, DdlShapes.operatorName(c) && DdlShapes.definition(c), "DefineStmt");
    }
    if (c.acceptAll("text", "search")) {
      if (!c.accept("parser")
          && !c.accept("dictionary")
          && !c.accept("template")
          && !c.accept("configuration")) {
        return null;
      }
      return end(c, c.qualifiedName() != null && DdlShapes.definition(c), "DefineStmt");
    }
    if (c.accept("collation")) {
      if (!DdlShapes.ifNotExistsName(c)) {
        return null;
      }
      return end(
          c, c.accept("from") ? c.qualifiedName() != null : DdlShapes.definition(c), "DefineStmt");
    }
    if (c.accept("type")) {
      return type(c);
    }
    if (c.accept("cast")) {
      return cast(c);
    }
    if (c.acceptAll("access", "method")) {
      // CREATE ACCESS METHOD name TYPE {TABLE|INDEX} HANDLER handler
      boolean ok =
          c.isName()
              && step(c)
              && c.accept("type")
              && (c.accept("table") || c.accept("index"))
              && c.accept("handler")
              && c.qualifiedName() != null;
      return end(c, ok, "CreateAmStmt");
    }
    return null;
  }

  private static Exact type(TokenCursor c) {
    if (c.qualifiedName() == null) {
      return null;
    }
    if (c.atEnd()) {
      return new Exact("DefineStmt"); // shell type
    }
    if (!c.accept("as")) {
      return end(c, DdlShapes.definition(c), "DefineStmt");
    }
    if (c.accept("enum")) {
      if (!c.accept(TokenType.LPAREN)) {
        return null;
      }
      if (!c.accept(TokenType.RPAREN)) {
        do {
          if (!c.accept(TokenType.STRING)) {
            return null;
          }
        } while (c.accept(TokenType.COMMA));
        if (!c.accept(TokenType.RPAREN)) {
          return null;
        }
      }
      return end(c, true, "CreateEnumStmt");
    }
    if (c.accept("range")) {
      return end(c, DdlShapes.definition(c), "CreateRangeStmt");
    }
    return end(c, compositeColumns(c), "CompositeTypeStmt");
  }

  /** ( [name type [COLLATE name] [, …]] ). */
  private static boolean compositeColumns(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    if (c.accept(TokenType.RPAREN)) {
      return true;
    }
    do {
      if (!c.isName()) {
        return false;
      }
      c.advance();
      if (!DdlShapes.type(c)) {
        return false;
      }
      if (c.accept("collate") && c.qualifiedName() == null) {
        return false;
      }
    } while (c.accept(TokenType.COMMA));
    return c.accept(TokenType.RPAREN);
  }

  /**
   * CREATE CAST (type AS type) {WITH FUNCTION name[(args)] | WITHOUT FUNCTION | WITH INOUT} [AS
   * ASSIGNMENT | AS IMPLICIT].
   */
  private static Exact cast(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)
        || !DdlShapes.type(c)
        || !c.accept("as")
        || !DdlShapes.type(c)
        || !c.accept(TokenType.RPAREN)) {
      return null;
    }
    boolean ok;
    if (c.acceptAll("with", "function")) {
      ok = c.qualifiedName() != null && (!c.is(TokenType.LPAREN) || DdlShapes.funcArgs(c));
    } else {
      ok = c.acceptAll("without", "function") || c.acceptAll("with", "inout");
    }
    if (c.accept("as") && !c.accept("assignment") && !c.accept("implicit")) {
      return null;
    }
    return end(c, ok, "CreateCastStmt");
  }

  private static boolean step(TokenCursor c) {
    c.advance();
    return true;
  }

  private static Exact end(TokenCursor c, boolean ok, String kind) {
    return ok && c.atEnd() ? new Exact(kind) : null;
  }
}
