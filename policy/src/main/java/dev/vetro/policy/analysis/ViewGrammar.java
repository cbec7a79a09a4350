package dev.vetro.policy.analysis;

/**
 * CREATE VIEW (ViewStmt) and CREATE MATERIALIZED VIEW (CreateTableAsStmt) per gram.y. The defining
 * query is handed to the analysis and judged as itself under {@code ViewStmt > Query}: a
 * materialized view runs it at once, and a plain view runs it every time the view is read.
 */
final class ViewGrammar {

  private ViewGrammar() {}

  /** The cursor stands on CREATE. */
  static Exact create(TokenCursor c, Exact.Nested nested) {
    c.advance();
    boolean orReplace = c.acceptAll("or", "replace");
    if (!orReplace
        && (c.isWord("materialized") || c.isWord("unlogged") && c.isWordAt(1, "materialized"))) {
      return materialized(c, nested);
    }
    if (c.accept("local") || c.accept("global")) {
      if (!c.accept("temp") && !c.accept("temporary")) {
        return null;
      }
    } else if (!c.accept("temp") && !c.accept("temporary")) {
      c.accept("unlogged");
    }
    boolean recursive = c.accept("recursive");
    if (!c.accept("view") || c.qualifiedName() == null) {
      return null;
    }
    if (c.is(dev.vetro.policy.lexer.TokenType.LPAREN)) {
      if (!DdlShapes.nameList(c)) {
        return null;
      }
    } else if (recursive) {
      return null;
    }
    if (c.accept("with") && !DdlShapes.optionList(c)) {
      return null;
    }
    if (!c.accept("as")) {
      return null;
    }
    int from = c.pos();
    int end = c.size();
    // trailing WITH [CASCADED|LOCAL] CHECK OPTION belongs to the view, not to the query
    if (end - from > 3
        && c.tokens().get(end - 1).isWord(c.sql(), "option")
        && c.tokens().get(end - 2).isWord(c.sql(), "check")) {
      int w = end - 3;
      if (c.tokens().get(w).isWord(c.sql(), "cascaded")
          || c.tokens().get(w).isWord(c.sql(), "local")) {
        w--;
      }
      if (!c.tokens().get(w).isWord(c.sql(), "with")) {
        return null;
      }
      end = w;
    }
    return query(c, nested, new Exact("ViewStmt"), "ViewStmt > Query", from, end);
  }

  private static Exact materialized(TokenCursor c, Exact.Nested nested) {
    c.accept("unlogged");
    c.advance(); // MATERIALIZED
    if (!c.accept("view") || !DdlShapes.ifNotExistsName(c)) {
      return null;
    }
    if (c.is(dev.vetro.policy.lexer.TokenType.LPAREN) && !DdlShapes.nameList(c)) {
      return null;
    }
    if (c.accept("using") && !(c.isName() && c.qualifiedName() != null)) {
      return null;
    }
    if (c.isWord("with") && !c.isWordAt(1, "data") && !c.isWordAt(1, "no")) {
      c.advance();
      if (!DdlShapes.optionList(c)) {
        return null;
      }
    }
    if (c.accept("tablespace") && c.qualifiedName() == null) {
      return null;
    }
    if (!c.accept("as")) {
      return null;
    }
    int from = c.pos();
    int end = c.size();
    if (end - from > 2 && c.tokens().get(end - 1).isWord(c.sql(), "data")) {
      end -= c.tokens().get(end - 2).isWord(c.sql(), "no") ? 3 : 2;
      if (!c.tokens().get(end).isWord(c.sql(), "with")) {
        return null;
      }
    }
    return query(
        c,
        nested,
        new Exact("CreateTableAsStmt"),
        "CreateTableAsStmt(MATERIALIZED VIEW) > Query",
        from,
        end);
  }

  private static Exact query(
      TokenCursor c, Exact.Nested nested, Exact e, String path, int from, int end) {
    if (from >= end || !c.restIsBalanced()) {
      return null;
    }
    String first = c.lowerAt(from);
    if (!first.equals("select")
        && !first.equals("with")
        && !first.equals("values")
        && !first.equals("table")
        && !first.equals("(")) {
      return null;
    }
    e.absorb(nested.analyse(from, end), path, true);
    return e;
  }
}
