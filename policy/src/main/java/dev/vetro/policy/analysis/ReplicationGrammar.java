package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE/ALTER PUBLICATION and CREATE/ALTER SUBSCRIPTION per gram.y. A publication's row filter
 * ({@code WHERE (…)}) is an expression evaluated per replicated row; its function calls are covered
 * by the token scan. A subscription's connection string is data.
 */
final class ReplicationGrammar {

  private ReplicationGrammar() {}

  /** The cursor stands on CREATE or ALTER followed by PUBLICATION or SUBSCRIPTION. */
  static Exact parse(TokenCursor c) {
    boolean create = c.isWord("create");
    c.advance();
    boolean publication = c.accept("publication");
    if (!publication && !c.accept("subscription")) {
      return null;
    }
    if (!c.isName()) {
      return null;
    }
    c.advance();
    boolean ok = publication ? publication(c, create) : subscription(c, create);
    if (!ok || !c.atEnd()) {
      return null;
    }
    return new Exact(
        (create ? "Create" : "Alter") + (publication ? "PublicationStmt" : "SubscriptionStmt"));
  }

  private static boolean publication(TokenCursor c, boolean create) {
    if (create) {
      if (c.acceptAll("for", "all", "tables")) {
        return withOptions(c);
      }
      if (c.accept("for") && !objects(c)) {
        return false;
      }
      return withOptions(c);
    }
    if (c.isWord("set") && c.peek(1) != null && c.peek(1).type() == TokenType.LPAREN) {
      c.advance();
      return DdlShapes.optionList(c);
    }
    if (c.accept("add") || c.accept("set") || c.accept("drop")) {
      return objects(c);
    }
    return false;
  }

  /**
   * pub_obj_list: TABLE [ONLY] name [*] [(cols)] [WHERE (…)] | TABLES IN SCHEMA name,
   * continuations.
   */
  private static boolean objects(TokenCursor c) {
    do {
      if (c.acceptAll("tables", "in", "schema")) {
        if (!c.isName()) {
          return false;
        }
        c.advance();
        continue;
      }
      c.accept("table");
      c.accept("only");
      if (c.qualifiedName() == null) {
        return false;
      }
      if (c.is(TokenType.OPERATOR) && c.text().equals("*")) {
        c.advance();
      }
      if (c.is(TokenType.LPAREN) && !DdlShapes.nameList(c)) {
        return false;
      }
      if (c.accept("where") && !c.skipParens()) {
        return false;
      }
    } while (c.accept(TokenType.COMMA));
    return true;
  }

  private static boolean subscription(TokenCursor c, boolean create) {
    if (create) {
      return c.accept("connection")
          && c.accept(TokenType.STRING)
          && c.accept("publication")
          && names(c)
          && withOptions(c);
    }
    if (c.accept("connection")) {
      return c.accept(TokenType.STRING);
    }
    if (c.accept("set") || c.accept("add") || c.accept("drop")) {
      if (c.is(TokenType.LPAREN)) {
        return DdlShapes.optionList(c);
      }
      return c.accept("publication") && names(c) && withOptions(c);
    }
    if (c.acceptAll("refresh", "publication")) {
      return withOptions(c);
    }
    if (c.accept("skip")) {
      return DdlShapes.optionList(c);
    }
    return c.accept("enable") || c.accept("disable");
  }

  private static boolean names(TokenCursor c) {
    do {
      if (!c.isName()) {
        return false;
      }
      c.advance();
    } while (c.accept(TokenType.COMMA));
    return true;
  }

  private static boolean withOptions(TokenCursor c) {
    return !c.accept("with") || DdlShapes.optionList(c);
  }
}
