package dev.vetro.policy.analysis;

/**
 * How deeply a statement was read. AST and EXACT are strict AST-level analysis ({@link #strict()});
 * HEADER is reported separately and does not count as strict.
 */
public enum Coverage {
  /** JSqlParser produced an AST and the rule visitors walked it. */
  AST,
  /** One of our small exact grammars over the lexer's tokens accepted the whole statement. */
  EXACT,
  /**
   * DDL that no catalog rule inspects (CREATE AGGREGATE, COMMENT-free object definitions …),
   * recognised exactly by its leading keywords. The only rules that can apply to it are the
   * function-call rules, which run on tokens anyway, so nothing the catalog checks is unread.
   * Reported separately from EXACT in the corpus figures.
   */
  HEADER,
  /** Only the lexer's classification is known: rules that need structure could not run. */
  LEXER;

  public boolean structural() {
    return this != LEXER;
  }

  /**
   * Read structurally by a parser: a JSqlParser AST or an exact grammar that consumed every token.
   * HEADER is not strict: it recognised the statement by its leading keywords only.
   */
  public boolean strict() {
    return this == AST || this == EXACT;
  }

  public Coverage weakest(Coverage other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
