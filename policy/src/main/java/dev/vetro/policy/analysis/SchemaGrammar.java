package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;

/**
 * CREATE SCHEMA [IF NOT EXISTS] [name] [AUTHORIZATION role] [schema_element …]. Each element is a
 * CREATE TABLE/VIEW/INDEX/SEQUENCE/TRIGGER or GRANT that runs as part of this statement, so each is
 * judged as itself under {@code CreateSchemaStmt > Element}.
 */
final class SchemaGrammar {

  private SchemaGrammar() {}

  /** The cursor stands on CREATE followed by SCHEMA. */
  static Exact create(TokenCursor c, Exact.Nested nested) {
    c.advance();
    c.advance();
    c.acceptAll("if", "not", "exists");
    if (!c.isWord("authorization")) {
      if (c.qualifiedName() == null) {
        return null;
      }
    }
    if (c.accept("authorization")) {
      if (!c.isName()) {
        return null;
      }
      c.advance();
    }
    if (!c.restIsBalanced()) {
      return null;
    }
    Exact e = new Exact("CreateSchemaStmt");
    int from = c.pos();
    if (from < c.size() && !c.isWord("create") && !c.isWord("grant")) {
      return null;
    }
    int depth = 0;
    for (int i = from + 1; i <= c.size(); i++) {
      Token t = i < c.size() ? c.tokens().get(i) : null;
      if (t != null && t.type() == dev.vetro.policy.lexer.TokenType.LPAREN) {
        depth++;
      } else if (t != null && t.type() == dev.vetro.policy.lexer.TokenType.RPAREN) {
        depth--;
      } else if (t == null
          || depth == 0 && (t.isWord(c.sql(), "create") || t.isWord(c.sql(), "grant"))) {
        e.absorb(nested.analyse(from, i), "CreateSchemaStmt > Element", true);
        from = i;
      }
    }
    return e;
  }
}
