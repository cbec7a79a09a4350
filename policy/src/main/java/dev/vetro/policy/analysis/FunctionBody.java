package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.SqlStatement;
import dev.vetro.policy.lexer.Statements;
import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the string body of CREATE FUNCTION / PROCEDURE and judges what it will run: every statement
 * of a {@code LANGUAGE sql} body, and the static SQL statements of a PL/pgSQL body, are analysed as
 * statements of their own and reported under {@code CreateFunctionStmt > Body}. Creating the
 * function is where it is judged: once it exists, {@code SELECT f()}, {@code CALL p()} or a trigger
 * runs the body with no statement text the firewall could read.
 *
 * <p>What cannot be read is a rule of its own: EXECUTE of a built string and bodies in other
 * languages ({@link RuleCodes#UNREADABLE_FUNCTION_BODY}); a body statement the parser could not
 * read is flagged ({@link RuleCodes#FUNCTION_BODY_NOT_FULLY_READ}) on top of the lexer-level
 * findings, rather than blocking every function whose body uses syntax the parser lacks.
 */
final class FunctionBody {

  static final String PATH = "CreateFunctionStmt > Body";

  /** Words that start an SQL statement inside a PL/pgSQL body (PL/pgSQL's own are not here). */
  private static final Set<String> SQL_STARTS =
      Set.of(
          "insert",
          "update",
          "delete",
          "merge",
          "truncate",
          "drop",
          "alter",
          "create",
          "grant",
          "revoke",
          "copy",
          "lock",
          "vacuum",
          "analyze",
          "cluster",
          "reindex",
          "refresh",
          "comment",
          "set",
          "reset",
          "select",
          "with",
          "call",
          "import",
          "reassign",
          "security",
          "checkpoint",
          "notify",
          "listen",
          "discard",
          "load",
          "do");

  /** PL/pgSQL words after which a statement starts. */
  private static final Set<String> STATEMENT_BEFORE =
      Set.of("begin", "then", "else", "loop", "query");

  private FunctionBody() {}

  /**
   * @param language lower-case language name, or null when the statement named none
   * @param bodyToken the AS string (first of AS 'obj', 'symbol' for C)
   */
  static void judge(String sql, Token bodyToken, String language, Exact.Nested nested, Exact e) {
    String lang = language == null ? "sql" : language;
    if (!lang.equals("sql") && !lang.equals("plpgsql")) {
      if (!lang.equals("internal")) { // internal names a built-in C function of the server
        e.finding(
            RuleCodes.UNREADABLE_FUNCTION_BODY, PATH + " > Language = " + lang, "language " + lang);
      }
      return;
    }
    // the fingerprint hides the body (a string constant): never serve this verdict from the cache
    e.literalDependent = true;
    String body = decode(bodyToken.text(sql));
    if (body == null) {
      e.finding(RuleCodes.FUNCTION_BODY_NOT_FULLY_READ, PATH + " > ParseError", "body encoding");
      return;
    }
    List<SqlStatement> statements = Statements.split(body, LexOptions.POSTGRES);
    for (SqlStatement st : statements) {
      if (lang.equals("sql")) {
        absorb(e, nested.analyseText(body, st.tokens()), false);
      } else {
        plpgsql(body, st.tokens(), nested, e);
      }
    }
  }

  /** One PL/pgSQL statement (text up to a top-level ';'): find the SQL it runs, if any. */
  private static void plpgsql(String body, List<Token> tokens, Exact.Nested nested, Exact e) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.type() != TokenType.IDENT || i > 0 && !startsAfter(body, tokens.get(i - 1))) {
        continue;
      }
      String w = t.text(body).toLowerCase(Locale.ROOT);
      if (w.equals("execute")) {
        dynamic(body, tokens, i + 1, nested, e);
        return;
      }
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (next != null
          && next.type() == TokenType.OPERATOR
          && (next.text(body).equals(":=") || next.text(body).equals("="))) {
        return; // an assignment to a variable that happens to be named like a keyword
      }
      if (SQL_STARTS.contains(w)) {
        boolean query = w.equals("select") || w.equals("with");
        absorb(e, nested.analyseText(body, tokens.subList(i, tokens.size())), query);
        return;
      }
    }
  }

  private static boolean startsAfter(String body, Token previous) {
    return previous.type() == TokenType.IDENT
            && STATEMENT_BEFORE.contains(previous.text(body).toLowerCase(Locale.ROOT))
        || previous.type() == TokenType.OPERATOR && previous.text(body).equals(">>");
  }

  /** EXECUTE 'constant' is read like any statement; EXECUTE of anything built is not readable. */
  private static void dynamic(
      String body, List<Token> tokens, int at, Exact.Nested nested, Exact e) {
    Token arg = at < tokens.size() ? tokens.get(at) : null;
    boolean constant =
        arg != null
            && arg.type() == TokenType.STRING
            && (at + 1 == tokens.size()
                || tokens.get(at + 1).isWord(body, "into")
                || tokens.get(at + 1).isWord(body, "using"));
    String text = constant ? decode(arg.text(body)) : null;
    if (text == null) {
      e.finding(
          RuleCodes.UNREADABLE_FUNCTION_BODY, PATH + " > DynamicSql", "EXECUTE of a built string");
      return;
    }
    for (SqlStatement st : Statements.split(text, LexOptions.POSTGRES)) {
      absorb(e, nested.analyseText(text, st.tokens()), false);
    }
  }

  /**
   * Folds a body statement's findings in under the body's path. A body statement does not weaken
   * the CREATE's own coverage: the CREATE was read exactly; what the body lacks is a finding.
   */
  private static void absorb(Exact e, StatementAnalysis inner, boolean plpgsqlQuery) {
    for (Finding f : inner.findings()) {
      // SELECT … INTO in PL/pgSQL assigns variables; it creates no table
      if (plpgsqlQuery && f.code().equals(RuleCodes.CREATE_TABLE_AS)) {
        continue;
      }
      // the server validates a body's syntax at CREATE; an unrecognised statement is unread text
      if (f.code().equals(RuleCodes.UNCLASSIFIED_KIND)) {
        e.findings.add(
            Finding.of(
                RuleCodes.FUNCTION_BODY_NOT_FULLY_READ, PATH + " > " + f.path(), f.detail()));
        continue;
      }
      e.findings.add(f.nestedIn(PATH));
    }
    if (inner.parseError() != null) {
      e.findings.add(
          Finding.of(
              RuleCodes.FUNCTION_BODY_NOT_FULLY_READ,
              PATH + " > " + inner.kind() + " > ParseError",
              inner.parseError()));
    }
    e.literalDependent |= inner.literalDependent();
  }

  /**
   * The text of a string constant as the server sees it: '' and dollar quotes exactly, E'' with its
   * common escapes; null for forms whose decoding we do not do (U&'' escapes).
   */
  static String decode(String token) {
    if (token.startsWith("$")) {
      int tagEnd = token.indexOf('$', 1);
      if (tagEnd < 0 || token.length() < 2 * (tagEnd + 1)) {
        return null;
      }
      return token.substring(tagEnd + 1, token.length() - tagEnd - 1);
    }
    if (token.length() >= 2 && token.charAt(0) == '\'') {
      return token.substring(1, token.length() - 1).replace("''", "'");
    }
    if (token.length() >= 3 && (token.charAt(0) == 'E' || token.charAt(0) == 'e')) {
      return unescape(token.substring(2, token.length() - 1));
    }
    return null;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
        b.append('\'');
        i++;
      } else if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              default -> n;
            });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
