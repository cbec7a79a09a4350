package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import java.util.Set;

/**
 * ALTER of objects no rule inspects, in the shapes gram.y gives every object type: RENAME TO,
 * RENAME COLUMN/ATTRIBUTE/CONSTRAINT … TO, OWNER TO, SET SCHEMA; plus ALTER TYPE … ADD/RENAME VALUE
 * (enums) and ALTER FUNCTION/PROCEDURE/ROUTINE options. The object is named exactly as its type
 * requires (argument lists for routines and operators, USING for operator classes, ON table for
 * policies, triggers and rules).
 */
final class AlterObjectGrammar {

  private AlterObjectGrammar() {}

  /** Relation-like objects whose OWNER TO PostgreSQL parses as an AlterTableStmt. */
  private static final Set<String> RELATION_LIKE =
      Set.of("view", "sequence", "index", "materialized", "foreign table");

  private static final Set<String> PLAIN_NAMED =
      Set.of(
          "collation",
          "conversion",
          "database",
          "domain",
          "language",
          "publication",
          "schema",
          "sequence",
          "server",
          "statistics",
          "subscription",
          "tablespace",
          "type",
          "view",
          "index");

  /** The cursor stands on ALTER. */
  static Exact parse(TokenCursor c) {
    c.advance();
    String object = objectName(c);
    if (object == null) {
      return null;
    }
    if (c.acceptAll("rename", "to")) {
      return lastName(c) ? new Exact("RenameStmt") : null;
    }
    if (c.accept("rename")) {
      boolean enumValue = object.equals("type") && c.isWord("value");
      if (!c.accept("column")
          && !c.accept("attribute")
          && !c.accept("constraint")
          && !c.accept("value")) {
        if (!c.isName()) {
          return null;
        }
      }
      if (!c.isName() && !c.is(TokenType.STRING) || !c.isWordAt(1, "to")) {
        return null;
      }
      c.advance();
      c.advance();
      if (!c.isName() && !c.is(TokenType.STRING)) {
        return null;
      }
      c.advance();
      if (!c.accept("cascade")) {
        c.accept("restrict");
      }
      return c.atEnd() ? new Exact(enumValue ? "AlterEnumStmt" : "RenameStmt") : null;
    }
    if (c.acceptAll("owner", "to")) {
      return lastName(c)
          ? new Exact(RELATION_LIKE.contains(object) ? "AlterTableStmt" : "AlterOwnerStmt")
          : null;
    }
    if (c.acceptAll("set", "schema")) {
      return lastName(c) ? new Exact("AlterObjectSchemaStmt") : null;
    }
    if (object.equals("type") && c.acceptAll("add", "value")) {
      c.acceptAll("if", "not", "exists");
      if (!c.accept(TokenType.STRING)) {
        return null;
      }
      if ((c.accept("before") || c.accept("after")) && !c.accept(TokenType.STRING)) {
        return null;
      }
      return c.atEnd() ? new Exact("AlterEnumStmt") : null;
    }
    if (object.equals("routine")) {
      while (!c.atEnd() && !c.isWord("restrict")) {
        if (!FunctionGrammar.option(c)) {
          return null;
        }
      }
      c.accept("restrict");
      return c.atEnd() ? new Exact("AlterFunctionStmt") : null;
    }
    return null;
  }

  /** Reads the object type and its name; returns the type's key, or null. */
  private static String objectName(TokenCursor c) {
    if (c.accept("function") || c.accept("procedure") || c.accept("routine")) {
      c.acceptAll("if", "exists");
      return c.qualifiedName() != null && (!c.is(TokenType.LPAREN) || DdlShapes.funcArgs(c))
          ? "routine"
          : null;
    }
    if (c.accept("aggregate")) {
      return c.qualifiedName() != null && DdlShapes.funcArgs(c) ? "aggregate" : null;
    }
    if (c.accept("operator")) {
      if (c.accept("class") || c.accept("family")) {
        return c.qualifiedName() != null && c.accept("using") && c.isName() && step(c)
            ? "opclass"
            : null;
      }
      return DdlShapes.operatorName(c) && c.skipParens() ? "operator" : null;
    }
    if (c.accept("policy") || c.accept("trigger") || c.accept("rule")) {
      return c.isName() && step(c) && c.accept("on") && c.qualifiedName() != null
          ? "on-table"
          : null;
    }
    if (c.acceptAll("large", "object")) {
      return c.accept(TokenType.NUMBER) ? "large object" : null;
    }
    String type;
    if (c.acceptAll("materialized", "view")) {
      type = "materialized";
    } else if (c.acceptAll("foreign", "table")) {
      type = "foreign table";
    } else if (c.acceptAll("foreign", "data", "wrapper")) {
      type = "fdw";
    } else if (c.acceptAll("event", "trigger")) {
      type = "event trigger";
    } else if (c.acceptAll("text", "search")) {
      if (!c.accept("parser")
          && !c.accept("dictionary")
          && !c.accept("template")
          && !c.accept("configuration")) {
        return null;
      }
      type = "text search";
    } else if (c.accept("procedural") && c.isWord("language")
        || c.is(TokenType.IDENT) && PLAIN_NAMED.contains(c.lower())) {
      type = c.lower();
      c.advance();
    } else {
      return null;
    }
    c.acceptAll("if", "exists");
    return c.qualifiedName() != null ? type : null;
  }

  private static boolean lastName(TokenCursor c) {
    if (!c.isName()) {
      return false;
    }
    c.advance();
    return c.atEnd();
  }

  private static boolean step(TokenCursor c) {
    c.advance();
    return true;
  }
}
