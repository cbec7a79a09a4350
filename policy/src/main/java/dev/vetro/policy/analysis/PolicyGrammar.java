package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE POLICY and ALTER POLICY (row-level security) per gram.y. USING and WITH CHECK are
 * parenthesised expressions evaluated per row later; their function calls are covered by the token
 * scan.
 */
final class PolicyGrammar {

  private PolicyGrammar() {}

  /** The cursor stands on CREATE or ALTER followed by POLICY. */
  static Exact parse(TokenCursor c) {
    boolean create = c.isWord("create");
    c.advance();
    c.advance(); // POLICY
    if (!create) {
      c.acceptAll("if", "exists");
    }
    if (!c.isName()) {
      return null;
    }
    c.advance();
    if (!c.accept("on") || c.qualifiedName() == null) {
      return null;
    }
    if (!create && c.accept("rename")) {
      return c.accept("to") && c.isName() && c.size() == c.pos() + 1
          ? new Exact("RenameStmt")
          : null;
    }
    if (create && c.accept("as") && !c.accept("permissive") && !c.accept("restrictive")) {
      return null;
    }
    if (create
        && c.accept("for")
        && !c.accept("all")
        && !c.accept("select")
        && !c.accept("insert")
        && !c.accept("update")
        && !c.accept("delete")) {
      return null;
    }
    if (c.accept("to")) {
      do {
        if (!c.isName()) {
          return null;
        }
        c.advance();
      } while (c.accept(TokenType.COMMA));
    }
    if (c.accept("using") && !c.skipParens()) {
      return null;
    }
    if (c.acceptAll("with", "check") && !c.skipParens()) {
      return null;
    }
    return c.atEnd() ? new Exact(create ? "CreatePolicyStmt" : "AlterPolicyStmt") : null;
  }
}
