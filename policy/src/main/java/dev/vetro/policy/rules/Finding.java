package dev.vetro.policy.rules;

/**
 * One rule firing on one statement, as the analysis produced it. It carries no policy decision: the
 * same finding becomes BLOCKED, FLAGGED or nothing depending on the database's policy.
 *
 * @param code rule code, e.g. {@code VETRO-001}
 * @param path AST node path that made the rule fire, e.g. {@code DeleteStmt > WhereClause = NULL}
 * @param detail optional extra words for the message (a function name, a table), may be null
 * @param subject the table the finding is about when request-level rules need it (VETRO-020), may
 *     be null
 */
public record Finding(String code, String path, String detail, String subject) {

  public static Finding of(String code, String path) {
    return new Finding(code, path, null, null);
  }

  public static Finding of(String code, String path, String detail) {
    return new Finding(code, path, detail, null);
  }

  /**
   * The same finding seen through an enclosing statement (EXPLAIN ANALYZE, PREPARE, CREATE RULE …).
   */
  public Finding nestedIn(String outerPath) {
    return new Finding(code, outerPath + " > " + path, detail, subject);
  }
}
