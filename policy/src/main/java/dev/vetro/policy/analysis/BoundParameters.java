package dev.vetro.policy.analysis;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.Lexer;
import dev.vetro.policy.lexer.TokenList;
import dev.vetro.policy.lexer.TokenType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Judging a prepared statement with the values a Bind sends (issue 11 item 7). A DELETE/UPDATE
 * whose WHERE depends only on parameters ({@code WHERE $1}, {@code $1::int IS NOT NULL}, {@code $1
 * = $1}) reaches all rows or none by a value the text does not show; the analysis reports it at the
 * path {@link #PARAMETER_ONLY}. The proxy lets such a Parse through and, at every Bind, judges the
 * text with each {@code $n} replaced by the literal the client bound: {@code WHERE true} then fires
 * the always-true rules and {@code WHERE false} fires nothing. A value that cannot be read (a
 * binary format of a type not decoded here) gives null: the caller judges the text as it is, which
 * keeps the Parse-time verdict (all rows).
 */
public final class BoundParameters {

  /** The end of the finding path of a WHERE decided by bound parameters only. */
  public static final String PARAMETER_ONLY = "WhereClause > ParameterOnly";

  static final int BOOL = 16;
  static final int INT8 = 20;
  static final int INT2 = 21;
  static final int INT4 = 23;
  static final int TEXT = 25;
  static final int FLOAT4 = 700;
  static final int FLOAT8 = 701;
  static final int UNKNOWN = 705;
  static final int VARCHAR = 1043;

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private BoundParameters() {}

  /** True when the decision has a finding that a Bind's values decide (see class comment). */
  public static boolean decidedAtBind(Decision decision) {
    for (Violation v : decision.violations()) {
      if (v.astNodePath() != null && v.astNodePath().endsWith(PARAMETER_ONLY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code sql} with every {@code $n} replaced by the literal of the n-th bound value, or null when
   * a value cannot be read or a parameter has no value (the server refuses such a Bind itself).
   *
   * @param parameterTypes the Parse's type OIDs (0 or missing: unspecified)
   * @param formats the Bind's format codes: none (all text), one (for all) or one per value
   * @param values the bound values, a null entry is SQL NULL
   */
  public static String substitute(
      String sql,
      boolean standardConformingStrings,
      List<Integer> parameterTypes,
      List<Short> formats,
      List<byte[]> values) {
    TokenList tokens =
        Lexer.tokenize(sql, new LexOptions(Dialect.POSTGRES, standardConformingStrings));
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.type(i) != TokenType.PARAM) {
        continue;
      }
      int n;
      try {
        n = Integer.parseInt(sql.substring(tokens.start(i) + 1, tokens.end(i)));
      } catch (NumberFormatException e) {
        return null;
      }
      if (n < 1 || n > values.size()) {
        return null;
      }
      int type = n <= parameterTypes.size() ? parameterTypes.get(n - 1) : 0;
      if (type == 0) {
        type = castType(sql, tokens, i);
      }
      String literal =
          literal(type, format(formats, n - 1), values.get(n - 1), standardConformingStrings);
      if (literal == null) {
        return null;
      }
      out.append(sql, copied, tokens.start(i)).append(literal);
      copied = tokens.end(i);
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  private static short format(List<Short> formats, int index) {
    if (formats.isEmpty()) {
      return 0;
    }
    return formats.size() == 1 ? formats.get(0) : index < formats.size() ? formats.get(index) : 0;
  }

  /** The type named by a cast right after the parameter ({@code $1::int}), or 0. */
  private static int castType(String sql, TokenList tokens, int param) {
    if (param + 2 >= tokens.size()
        || tokens.type(param + 1) != TokenType.CAST
        || tokens.type(param + 2) != TokenType.IDENT) {
      return 0;
    }
    return switch (tokens.get(param + 2).text(sql).toLowerCase(Locale.ROOT)) {
      case "bool", "boolean" -> BOOL;
      case "int2", "smallint" -> INT2;
      case "int", "int4", "integer" -> INT4;
      case "int8", "bigint" -> INT8;
      case "float4", "real" -> FLOAT4;
      case "float8" -> FLOAT8;
      case "text", "varchar" -> TEXT;
      default -> 0;
    };
  }

  /** The SQL literal for one bound value, or null when it cannot be read. */
  static String literal(int type, short format, byte[] value, boolean standardConformingStrings) {
    if (value == null) {
      return "NULL";
    }
    if (format == 1) {
      return binary(type, value, standardConformingStrings);
    }
    if (format != 0) {
      return null;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    if (type == BOOL) {
      Boolean b = booleanInput(text);
      return b == null ? quoted(text, standardConformingStrings) : b.toString();
    }
    if ((type == INT2 || type == INT4 || type == INT8) && INTEGER.matcher(text.trim()).matches()) {
      return number(text.trim());
    }
    return quoted(text, standardConformingStrings);
  }

  private static String binary(int type, byte[] v, boolean standardConformingStrings) {
    ByteBuffer b = ByteBuffer.wrap(v); // network order, big-endian: ByteBuffer's default
    return switch (type) {
      case BOOL -> v.length == 1 ? Boolean.toString(v[0] != 0) : null;
      case INT2 -> v.length == 2 ? number(Short.toString(b.getShort())) : null;
      case INT4 -> v.length == 4 ? number(Integer.toString(b.getInt())) : null;
      case INT8 -> v.length == 8 ? number(Long.toString(b.getLong())) : null;
      case FLOAT4 -> v.length == 4 ? finite(b.getFloat()) : null;
      case FLOAT8 -> v.length == 8 ? finite(b.getDouble()) : null;
      case TEXT, VARCHAR, UNKNOWN ->
          quoted(new String(v, StandardCharsets.UTF_8), standardConformingStrings);
      default -> null;
    };
  }

  private static String finite(double d) {
    return Double.isFinite(d) ? number(java.math.BigDecimal.valueOf(d).toPlainString()) : null;
  }

  /** Negative numbers in parentheses, so {@code $1::int} stays a cast of the whole value. */
  private static String number(String n) {
    String s = n.startsWith("+") ? n.substring(1) : n;
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  private static String quoted(String s, boolean standardConformingStrings) {
    if (s.indexOf('\0') >= 0) {
      return null; // PostgreSQL text never holds NUL; the server refuses the value
    }
    String body = s.replace("'", "''");
    if (!standardConformingStrings) {
      body = body.replace("\\", "\\\\");
    }
    return "'" + body + "'";
  }

  /** PostgreSQL's boolean input (t, true, yes, on, 1 and false likewise, prefixes), or null. */
  static Boolean booleanInput(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      return null;
    }
    if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
      return true;
    }
    if ("false".startsWith(v)
        || "no".startsWith(v)
        || v.equals("off")
        || v.equals("of")
        || v.equals("0")) {
      return false;
    }
    return null;
  }
}
