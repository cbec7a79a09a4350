package dev.vetro.policy.lexer;

/** Lexical categories. Keywords are {@link #IDENT}s: compare them case-insensitively. */
public enum TokenType {
  /** Unquoted identifier or keyword. */
  IDENT,
  /** {@code "x"}, {@code U&"x"}, MySQL {@code `x`}. */
  QUOTED_IDENT,
  /** Any string literal: {@code 'x'}, E'', U&'', B'', X'', N'', dollar-quoted, MySQL "x". */
  STRING,
  NUMBER,
  /** PostgreSQL {@code $1}; MySQL {@code ?}. */
  PARAM,
  OPERATOR,
  LPAREN,
  RPAREN,
  LBRACKET,
  RBRACKET,
  COMMA,
  SEMICOLON,
  DOT,
  COLON,
  /** PostgreSQL {@code ::}. */
  CAST,
  /** Only produced by {@link Lexer#tokenizeWithComments}. */
  COMMENT,
  /** A character the server's scanner passes on alone and its grammar never accepts. */
  OTHER,
  /**
   * Text the server's scanner rejects: an unterminated string, comment, quoted identifier or dollar
   * quote (covers the rest of the input), or trailing junk after a number or parameter. A statement
   * holding one is unparsable. {@link LexErrors#describe} says why.
   */
  ERROR
}
