package dev.vetro.policy.lexer;

/** The SQL dialect whose scanner rules the lexer reproduces. */
public enum Dialect {
  POSTGRES,
  MYSQL
}
