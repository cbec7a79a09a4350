package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import java.util.Set;

/**
 * Shared pieces of PostgreSQL's DDL grammar (gram.y) for the definition grammars: type names,
 * function argument lists, {@code definition} lists, reloption lists and {@code any_name}s. Each
 * reader returns false (position undefined) when the tokens do not have the shape, so the caller
 * answers "not mine" instead of guessing.
 */
final class DdlShapes {

  private DdlShapes() {}

  /**
   * Words that may continue a multi-word SQL-standard type name (double precision, time with time
   * zone …).
   */
  private static final Set<String> TYPE_CONTINUATIONS =
      Set.of(
          "precision",
          "varying",
          "with",
          "without",
          "time",
          "zone",
          "character",
          "char",
          "varchar",
          "to",
          "year",
          "month",
          "day",
          "hour",
          "minute",
          "second");

  /** Leading words of multi-word types: only after these may {@link #TYPE_CONTINUATIONS} follow. */
  private static final Set<String> MULTI_WORD_TYPES =
      Set.of(
          "double",
          "character",
          "char",
          "national",
          "nchar",
          "bit",
          "time",
          "timestamp",
          "interval",
          "varchar");

  /**
   * Typename: [SETOF] name [(typmods)] [%TYPE|%ROWTYPE] [ARRAY [n] | [n]…], multi-word standard
   * types too.
   */
  static boolean type(TokenCursor c) {
    c.accept("setof");
    if (!c.isName()) {
      return false;
    }
    String first = c.lower();
    if (c.qualifiedName() == null) {
      return false;
    }
    if (MULTI_WORD_TYPES.contains(first)) {
      while (c.is(TokenType.IDENT) && TYPE_CONTINUATIONS.contains(c.lower())
          || c.is(TokenType.LPAREN)) {
        if (c.is(TokenType.LPAREN) ? !c.skipParens() : advance(c)) {
          return false;
        }
      }
    } else if (c.is(TokenType.LPAREN) && !c.skipParens()) {
      return false;
    }
    if (c.is(TokenType.OPERATOR)
        && c.text().equals("%")
        && (c.isWordAt(1, "type") || c.isWordAt(1, "rowtype"))) {
      c.advance();
      c.advance();
    }
    if (c.accept("array")) {
      return !c.is(TokenType.LBRACKET) || brackets(c);
    }
    while (c.is(TokenType.LBRACKET)) {
      if (!brackets(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean advance(TokenCursor c) {
    c.advance();
    return false;
  }

  /** {@code [ ]} or {@code [ n ]}. */
  private static boolean brackets(TokenCursor c) {
    c.advance();
    c.accept(TokenType.NUMBER);
    return c.accept(TokenType.RBRACKET);
  }

  /**
   * func_args_with_defaults: {@code ( [ [mode] [name] type [DEFAULT|= expr] , … ] )}; for
   * aggregates also {@code (*)} and {@code (args ORDER BY args)}.
   */
  static boolean funcArgs(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    if (c.accept(TokenType.RPAREN)) {
      return true;
    }
    if (c.is(TokenType.OPERATOR)
        && c.text().equals("*")
        && c.peek(1) != null
        && c.peek(1).type() == TokenType.RPAREN) {
      c.advance();
      c.advance();
      return true;
    }
    do {
      if (!funcArg(c)) {
        return false;
      }
    } while (c.accept(TokenType.COMMA) || c.acceptAll("order", "by"));
    return c.accept(TokenType.RPAREN);
  }

  private static boolean funcArg(TokenCursor c) {
    c.accept("in");
    if (!c.accept("out") && !c.accept("inout")) {
      c.accept("variadic");
    }
    int start = c.pos();
    if (!type(c) || !argEnd(c)) {
      c.seek(start);
      if (!c.isName()) {
        return false;
      }
      c.advance(); // the argument's name, then its type
      if (!type(c) || !argEnd(c)) {
        return false;
      }
    }
    if (c.accept("default") || c.is(TokenType.OPERATOR) && c.text().equals("=") && advanceTrue(c)) {
      return expressionUntilComma(c);
    }
    return true;
  }

  private static boolean advanceTrue(TokenCursor c) {
    c.advance();
    return true;
  }

  private static boolean argEnd(TokenCursor c) {
    return c.is(TokenType.COMMA)
        || c.is(TokenType.RPAREN)
        || c.isWord("default")
        || c.isWord("order")
        || c.is(TokenType.OPERATOR) && c.text().equals("=");
  }

  /** A non-empty expression running to the next comma or closing parenthesis at depth 0. */
  static boolean expressionUntilComma(TokenCursor c) {
    int start = c.pos();
    while (!c.atEnd() && !c.is(TokenType.COMMA) && !c.is(TokenType.RPAREN)) {
      if (c.is(TokenType.LPAREN) ? !c.skipParens() : advance(c)) {
        return false;
      }
    }
    return c.pos() > start;
  }

  /** definition: {@code ( def_elem [, …] )}, def_elem = label [= def_arg]. */
  static boolean definition(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    do {
      if (!c.isName()) {
        return false;
      }
      c.advance();
      if (c.is(TokenType.OPERATOR) && c.text().equals("=")) {
        c.advance();
        if (!defArg(c)) {
          return false;
        }
      }
    } while (c.accept(TokenType.COMMA));
    return c.accept(TokenType.RPAREN);
  }

  /** def_arg: func_type | keyword | qual_all_Op | NumericOnly | Sconst | NONE. */
  static boolean defArg(TokenCursor c) {
    if (c.is(TokenType.STRING)) {
      c.advance();
      return true;
    }
    if (c.is(TokenType.OPERATOR)
        && (c.text().equals("-") || c.text().equals("+"))
        && c.peek(1) != null
        && c.peek(1).type() == TokenType.NUMBER) {
      c.advance();
    }
    if (c.accept(TokenType.NUMBER)) {
      return true;
    }
    if (c.is(TokenType.OPERATOR)) {
      c.advance();
      return true;
    }
    if (c.isWord("operator") && c.peek(1) != null && c.peek(1).type() == TokenType.LPAREN) {
      c.advance();
      return c.skipParens();
    }
    return type(c);
  }

  /**
   * reloptions / generic options: a balanced parenthesised list, each item starting with a name.
   */
  static boolean optionList(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    do {
      if (!c.isName() && !c.is(TokenType.STRING)) {
        return false;
      }
      if (!expressionUntilComma(c)) {
        return false;
      }
    } while (c.accept(TokenType.COMMA));
    return c.accept(TokenType.RPAREN);
  }

  /** Column name list {@code ( name [, name]… )}. */
  static boolean nameList(TokenCursor c) {
    if (!c.accept(TokenType.LPAREN)) {
      return false;
    }
    do {
      if (!c.isName()) {
        return false;
      }
      c.advance();
    } while (c.accept(TokenType.COMMA));
    return c.accept(TokenType.RPAREN);
  }

  /** An operator name: {@code op} or {@code schema.op}. */
  static boolean operatorName(TokenCursor c) {
    if (c.isName() && c.peek(1) != null && c.peek(1).type() == TokenType.DOT) {
      c.advance();
      c.advance();
    }
    return c.accept(TokenType.OPERATOR);
  }

  /** {@code IF NOT EXISTS} then a qualified name; false when no name follows. */
  static boolean ifNotExistsName(TokenCursor c) {
    c.acceptAll("if", "not", "exists");
    return c.qualifiedName() != null;
  }
}
