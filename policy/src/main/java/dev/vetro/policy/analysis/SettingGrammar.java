package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.RuleCodes;
import java.util.Locale;
import java.util.Set;

/**
 * Judges what a SET or RESET changes, wherever it appears: as a statement, inside ALTER ROLE/
 * DATABASE … SET (where it applies to every later session), or as {@code set_config(name, …)}.
 * Identity settings (role, session_authorization) and settings that switch a protection off
 * (session_replication_role, row_security, read-only, zero timeouts for a role or database) are
 * rules of their own.
 */
final class SettingGrammar {

  private static final Set<String> TIMEOUTS =
      Set.of("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout");
  private static final Set<String> READ_ONLY =
      Set.of("default_transaction_read_only", "transaction_read_only");
  private static final Set<String> OFF =
      Set.of("off", "of", "false", "fals", "fal", "fa", "f", "no", "n", "0");

  private SettingGrammar() {}

  /**
   * The cursor stands on SET or RESET of a SET/RESET clause (VariableSetStmt, or the tail of ALTER
   * ROLE/DATABASE). {@code persistent} is true when the setting becomes a role's or database's
   * default.
   */
  static void judge(TokenCursor c, Exact e, String path, boolean persistent) {
    if (c.accept("reset")) {
      if (c.isWord("role") || c.isWord("session") && c.isWordAt(1, "authorization")) {
        e.finding(RuleCodes.IDENTITY_RESET, path + " > Reset(" + c.lower() + ")");
      } else if (c.isWord("session_authorization")) {
        e.finding(RuleCodes.IDENTITY_RESET, path + " > Reset(session_authorization)");
      }
      return;
    }
    if (!c.accept("set")) {
      return;
    }
    if (c.isWord("local") || c.isWord("session") && !c.isWordAt(1, "authorization")) {
      if (!c.isWordAt(1, "characteristics")) {
        c.advance();
      }
    }
    if (c.acceptAll("session", "authorization")) {
      identity(c, e, path, "session_authorization");
      return;
    }
    if (c.isWord("role") && !isAssign(c, 1)) {
      c.advance();
      identity(c, e, path, "role");
      return;
    }
    String name = c.qualifiedName();
    if (name == null) {
      return;
    }
    if (!c.accept("to") && !(c.is(TokenType.OPERATOR) && c.text().equals("="))) {
      return; // FROM CURRENT, TIME ZONE …: nothing a rule depends on
    }
    if (c.is(TokenType.OPERATOR)) {
      c.advance();
    }
    String value = c.atEnd() ? "" : value(c.sql(), c.peek());
    literal(c, e);
    setting(e, path, name, value, persistent);
  }

  /** Judges one setting change given its name and its first value (lower case, unquoted). */
  static void setting(Exact e, String path, String name, String value, boolean persistent) {
    String at = path + " > Name = " + name;
    switch (name) {
      case "role", "session_authorization" -> {
        if (value.equals("none") || value.equals("default")) {
          e.finding(RuleCodes.IDENTITY_RESET, at);
        } else {
          e.finding(RuleCodes.IDENTITY_CHANGE, at, name + " " + value);
        }
      }
      case "session_replication_role" -> {
        if (!value.equals("origin") && !value.equals("default")) {
          e.finding(RuleCodes.PROTECTION_SETTING_OFF, at, "triggers and foreign keys skipped");
        }
      }
      case "row_security" -> {
        if (OFF.contains(value)) {
          e.finding(RuleCodes.PROTECTION_SETTING_OFF, at, "row_security off");
        }
      }
      default -> {
        if (READ_ONLY.contains(name) && OFF.contains(value)) {
          e.finding(RuleCodes.PROTECTION_SETTING_OFF, at, name + " off");
        } else if (persistent && TIMEOUTS.contains(name) && isZero(value)) {
          e.finding(RuleCodes.PROTECTION_SETTING_OFF, at, name + " = 0 for every session");
        }
      }
    }
  }

  /**
   * A value written as a string or number is a literal: the fingerprint hides it, so the verdict
   * (role 'admin' or row_security '0') must not be served from the cache to another value.
   */
  private static void literal(TokenCursor c, Exact e) {
    if (c.is(TokenType.STRING) || c.is(TokenType.NUMBER)) {
      e.literalDependent = true;
    }
  }

  private static void identity(TokenCursor c, Exact e, String path, String name) {
    String value = c.atEnd() ? "" : value(c.sql(), c.peek());
    literal(c, e);
    setting(e, path, name, value, false);
  }

  private static boolean isAssign(TokenCursor c, int ahead) {
    Token t = c.peek(ahead);
    return t != null
        && (t.isWord(c.sql(), "to")
            || t.type() == TokenType.OPERATOR && t.text(c.sql()).equals("="));
  }

  /** A value token as the server reads it for a setting: unquoted, lower case. */
  static String value(String sql, Token t) {
    String s = t.text(sql);
    if (t.type() == TokenType.STRING && s.length() >= 2 && s.charAt(0) == '\'') {
      s = s.substring(1, s.length() - 1).replace("''", "'");
    } else if (t.type() == TokenType.QUOTED_IDENT && s.length() >= 2) {
      s = s.substring(1, s.length() - 1);
    }
    return s.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isZero(String v) {
    return v.matches("0+(\\.0*)?(ms|s|min|h|d)?");
  }
}
