package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE/ALTER FOREIGN DATA WRAPPER, SERVER and USER MAPPING per gram.y: names, handler and
 * validator functions, and generic OPTIONS lists (whose values are data to this statement).
 */
final class ForeignGrammar {

  private ForeignGrammar() {}

  /** The cursor stands on CREATE or ALTER. */
  static Exact parse(TokenCursor c) {
    boolean create = c.isWord("create");
    c.advance();
    String prefix = create ? "Create" : "Alter";
    if (c.acceptAll("foreign", "data", "wrapper")) {
      if (!c.isName()) {
        return null;
      }
      c.advance();
      while (!c.atEnd() && !c.isWord("options")) {
        if (c.accept("handler") || c.accept("validator")) {
          if (c.qualifiedName() == null) {
            return null;
          }
        } else if (!c.acceptAll("no", "handler") && !c.acceptAll("no", "validator")) {
          return null;
        }
      }
      return options(c) ? new Exact(prefix + "FdwStmt") : null;
    }
    if (c.accept("server")) {
      if (create) {
        c.acceptAll("if", "not", "exists");
      }
      if (!c.isName()) {
        return null;
      }
      c.advance();
      if (c.accept("type") && !c.accept(TokenType.STRING)) {
        return null;
      }
      if (c.accept("version") && !c.accept(TokenType.STRING) && !c.accept("null")) {
        return null;
      }
      if (create && (!c.acceptAll("foreign", "data", "wrapper") || !c.isName() || !step(c))) {
        return null;
      }
      return options(c)
          ? new Exact(prefix + (create ? "ForeignServerStmt" : "ForeignServerStmt"))
          : null;
    }
    if (c.acceptAll("user", "mapping")) {
      if (create) {
        c.acceptAll("if", "not", "exists");
      }
      if (!c.accept("for")
          || !c.isName()
          || !step(c)
          || !c.accept("server")
          || !c.isName()
          || !step(c)) {
        return null;
      }
      return options(c) ? new Exact(prefix + "UserMappingStmt") : null;
    }
    return null;
  }

  /** [OPTIONS ( … )] then the end of the statement. */
  private static boolean options(TokenCursor c) {
    if (c.accept("options") && !DdlShapes.optionList(c)) {
      return false;
    }
    return c.atEnd();
  }

  private static boolean step(TokenCursor c) {
    c.advance();
    return true;
  }
}
