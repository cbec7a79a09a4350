package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.locks.LockMode;

/**
 * The lock an ALTER TABLE subcommand takes and whether it rewrites or scans the table, as the ALTER
 * TABLE reference page documents it (PostgreSQL 15). A statement with several subcommands takes the
 * strongest lock of any of them.
 */
final class AlterTableLocks {

  /** One subcommand's lock and work. */
  record Work(LockMode mode, boolean rewrites, boolean scans) {
    Work merge(Work o) {
      return new Work(mode.max(o.mode), rewrites || o.rewrites, scans || o.scans);
    }
  }

  static final Work NONE = new Work(LockMode.ACCESS_SHARE, false, false);

  private AlterTableLocks() {}

  /** The cursor covers one subcommand's tokens. */
  static Work of(TokenCursor c) {
    if (c.isWord("add")) {
      return add(c);
    }
    if (c.isWord("alter")) {
      if (has(c, "type")) {
        return new Work(LockMode.ACCESS_EXCLUSIVE, true, false); // unless binary-coercible
      }
      if (hasSeq(c, "not", "null") && has(c, "set")) {
        return new Work(LockMode.ACCESS_EXCLUSIVE, false, true);
      }
      if (has(c, "statistics")) {
        return new Work(LockMode.SHARE_UPDATE_EXCLUSIVE, false, false);
      }
      return new Work(LockMode.ACCESS_EXCLUSIVE, false, false);
    }
    if (c.isWord("validate")) {
      return new Work(LockMode.SHARE_UPDATE_EXCLUSIVE, false, true);
    }
    if (c.isWord("set")
        && (c.isWordAt(1, "logged")
            || c.isWordAt(1, "unlogged")
            || c.isWordAt(1, "tablespace")
            || c.isWordAt(1, "access"))) {
      return new Work(LockMode.ACCESS_EXCLUSIVE, true, false);
    }
    if (c.isWord("set") && c.isWordAt(1, "statistics") || c.isWord("cluster")) {
      return new Work(LockMode.SHARE_UPDATE_EXCLUSIVE, false, false);
    }
    if (c.isWord("enable") || c.isWord("disable")) {
      boolean trigger = has(c, "trigger");
      return new Work(
          trigger ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE, false, false);
    }
    if (c.isWord("attach") && c.isWordAt(1, "partition")) {
      return new Work(LockMode.SHARE_UPDATE_EXCLUSIVE, false, true); // scans the new partition
    }
    if (c.isWord("detach") && c.isWordAt(1, "partition")) {
      return new Work(
          has(c, "concurrently") ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE,
          false,
          false);
    }
    return new Work(LockMode.ACCESS_EXCLUSIVE, false, false);
  }

  private static Work add(TokenCursor c) {
    boolean notValid = hasSeq(c, "not", "valid");
    if (has(c, "foreign") || has(c, "references") && !has(c, "column")) {
      return new Work(LockMode.SHARE_ROW_EXCLUSIVE, false, !notValid);
    }
    if (has(c, "check") && (c.isWordAt(1, "constraint") || c.isWordAt(1, "check"))) {
      return new Work(LockMode.ACCESS_EXCLUSIVE, false, !notValid);
    }
    if (has(c, "primary") || has(c, "unique") || has(c, "exclude")) {
      boolean usingIndex = hasSeq(c, "using", "index");
      return new Work(LockMode.ACCESS_EXCLUSIVE, false, !usingIndex);
    }
    // ADD [COLUMN]: a volatile default, a stored generated column or an identity/serial column
    // computes a value per row and rewrites the table
    boolean rewrites =
        has(c, "stored")
            || has(c, "identity")
            || has(c, "serial")
            || has(c, "bigserial")
            || has(c, "smallserial")
            || volatileDefault(c);
    return new Work(LockMode.ACCESS_EXCLUSIVE, rewrites, false);
  }

  private static boolean volatileDefault(TokenCursor c) {
    int d = c.findTopLevel("default");
    if (d < 0 || d + 1 >= c.size()) {
      return false;
    }
    for (int i = d + 1; i < c.size(); i++) {
      Token t = c.tokens().get(i);
      if (t.type() == TokenType.IDENT
          && i + 1 < c.size()
          && c.tokens().get(i + 1).type() == TokenType.LPAREN
          && AlterTableGrammar.isVolatileDefault(c.lowerAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(TokenCursor c, String w) {
    return c.findTopLevel(w) >= 0;
  }

  private static boolean hasSeq(TokenCursor c, String a, String b) {
    for (int i = c.pos(); i + 1 < c.size(); i++) {
      if (c.tokens().get(i).isWord(c.sql(), a) && c.tokens().get(i + 1).isWord(c.sql(), b)) {
        return true;
      }
    }
    return false;
  }
}
