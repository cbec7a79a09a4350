package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import java.util.Set;

/**
 * CREATE/ALTER SEQUENCE (SeqOptList) and CREATE DOMAIN (type plus column-like constraints) per
 * gram.y. Neither reads or writes rows; DEFAULT and CHECK expressions are covered by the token
 * scan's function-call rules.
 */
final class SequenceDomainGrammar {

  private SequenceDomainGrammar() {}

  /** CREATE [TEMP|UNLOGGED] SEQUENCE [IF NOT EXISTS] name [options]; cursor on CREATE. */
  static Exact createSequence(TokenCursor c) {
    c.advance();
    if (!c.accept("temp") && !c.accept("temporary")) {
      c.accept("unlogged");
    }
    if (!c.accept("sequence") || !DdlShapes.ifNotExistsName(c)) {
      return null;
    }
    return options(c) ? new Exact("CreateSeqStmt") : null;
  }

  /**
   * ALTER SEQUENCE [IF EXISTS] name options; cursor on ALTER. RENAME/OWNER/SET SCHEMA go elsewhere.
   */
  static Exact alterSequence(TokenCursor c) {
    c.advance();
    c.advance(); // SEQUENCE
    c.acceptAll("if", "exists");
    if (c.qualifiedName() == null || c.atEnd()) {
      return null;
    }
    return options(c) ? new Exact("AlterSeqStmt") : null;
  }

  private static boolean options(TokenCursor c) {
    while (!c.atEnd()) {
      if (!option(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean option(TokenCursor c) {
    if (c.accept("as")) {
      return DdlShapes.type(c);
    }
    if (c.accept("cache") || c.accept("maxvalue") || c.accept("minvalue")) {
      return number(c);
    }
    if (c.accept("increment")) {
      c.accept("by");
      return number(c);
    }
    if (c.accept("start")) {
      c.accept("with");
      return number(c);
    }
    if (c.accept("restart")) {
      if (c.accept("with")) {
        return number(c);
      }
      return !isSignedNumber(c) || number(c);
    }
    if (c.acceptAll("owned", "by")) {
      return c.accept("none") || c.qualifiedName() != null;
    }
    if (c.acceptAll("sequence", "name")) {
      return c.qualifiedName() != null;
    }
    return c.accept("cycle")
        || c.acceptAll("no", "cycle")
        || c.acceptAll("no", "maxvalue")
        || c.acceptAll("no", "minvalue")
        || c.accept("logged")
        || c.accept("unlogged");
  }

  private static boolean isSignedNumber(TokenCursor c) {
    return c.is(TokenType.NUMBER)
        || c.is(TokenType.OPERATOR) && (c.text().equals("-") || c.text().equals("+"));
  }

  private static boolean number(TokenCursor c) {
    if (c.is(TokenType.OPERATOR) && (c.text().equals("-") || c.text().equals("+"))) {
      c.advance();
    }
    return c.accept(TokenType.NUMBER);
  }

  private static final Set<String> CONSTRAINT_START =
      Set.of("constraint", "not", "null", "check", "default", "collate");

  /**
   * CREATE DOMAIN name [AS] type [COLLATE …] [DEFAULT expr] [[CONSTRAINT n] NOT NULL|NULL|CHECK
   * (…)]….
   */
  static Exact createDomain(TokenCursor c) {
    c.advance();
    if (!c.accept("domain") || c.qualifiedName() == null) {
      return null;
    }
    c.accept("as");
    if (!DdlShapes.type(c)) {
      return null;
    }
    while (!c.atEnd()) {
      if (c.accept("constraint")) {
        if (!c.isName()) {
          return null;
        }
        c.advance();
      }
      if (c.accept("collate")) {
        if (c.qualifiedName() == null) {
          return null;
        }
      } else if (c.acceptAll("not", "null") || c.accept("null")) {
        continue;
      } else if (c.accept("check")) {
        if (!c.skipParens()) {
          return null;
        }
        c.acceptAll("no", "inherit");
        c.acceptAll("not", "valid");
      } else if (c.accept("default")) {
        int start = c.pos();
        while (!c.atEnd() && !(c.is(TokenType.IDENT) && CONSTRAINT_START.contains(c.lower()))) {
          if (c.is(TokenType.LPAREN) ? !c.skipParens() : !step(c)) {
            return null;
          }
        }
        if (c.pos() == start) {
          return null;
        }
      } else {
        return null;
      }
    }
    return new Exact("CreateDomainStmt");
  }

  /**
   * ALTER DOMAIN name SET DEFAULT expr | DROP DEFAULT | {SET|DROP} NOT NULL | ADD constraint [NOT
   * VALID] | DROP CONSTRAINT [IF EXISTS] name [CASCADE|RESTRICT] | VALIDATE CONSTRAINT name. RENAME
   * / OWNER TO / SET SCHEMA are {@link AlterObjectGrammar}'s. The cursor stands on ALTER.
   */
  static Exact alterDomain(TokenCursor c) {
    c.advance();
    if (!c.accept("domain") || c.qualifiedName() == null) {
      return null;
    }
    boolean ok;
    if (c.acceptAll("set", "default")) {
      ok = !c.atEnd() && c.restIsBalanced();
      c.seek(c.size());
    } else if (c.acceptAll("drop", "default")
        || c.acceptAll("set", "not", "null")
        || c.acceptAll("drop", "not", "null")) {
      ok = true;
    } else if (c.accept("add")) {
      if (c.accept("constraint")) {
        if (!c.isName()) {
          return null;
        }
        c.advance();
      }
      ok = c.acceptAll("not", "null") || c.accept("check") && c.skipParens();
      c.acceptAll("no", "inherit");
      c.acceptAll("not", "valid");
    } else if (c.acceptAll("drop", "constraint")) {
      c.acceptAll("if", "exists");
      ok = c.isName() && step(c);
      if (!c.accept("cascade")) {
        c.accept("restrict");
      }
    } else {
      ok = c.acceptAll("validate", "constraint") && c.isName() && step(c);
    }
    return ok && c.atEnd() ? new Exact("AlterDomainStmt") : null;
  }

  private static boolean step(TokenCursor c) {
    c.advance();
    return true;
  }
}
