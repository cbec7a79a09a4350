package dev.vetro.policy.check;

import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.Lexer;
import dev.vetro.policy.lexer.TokenList;
import dev.vetro.policy.lexer.TokenType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -- vetro:ignore VETRO-015[,VETRO-016] <reason>} alone on the line right before a
 * statement. Directives are read from the lexer's comment tokens, so text inside a string literal
 * or a dollar-quoted body that merely looks like a directive suppresses nothing. An ignore without
 * a reason does not take effect: it is reported instead (VETRO-IGNORE-NO-REASON), because an
 * unexplained suppression is exactly what a reviewer cannot judge.
 */
final class InlineIgnores {

  /**
   * @param codes upper-cased rule codes; {@code reason} null when missing
   */
  record Directive(List<String> codes, String reason) {}

  private static final Pattern DIRECTIVE =
      Pattern.compile(
          "^--\\s*vetro:ignore\\s+((?:VETRO-[A-Z0-9-]+)(?:\\s*,\\s*VETRO-[A-Z0-9-]+)*)\\s*(.*)$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** 1-based line → the directive that stands alone on it. */
  private final Map<Integer, Directive> byLine;

  private InlineIgnores(Map<Integer, Directive> byLine) {
    this.byLine = byLine;
  }

  static InlineIgnores scan(String text, LexOptions lex) {
    Map<Integer, Directive> byLine = new HashMap<>();
    TokenList t = Lexer.tokenizeWithComments(text, lex);
    int line = 1;
    int scanned = 0; // newlines counted up to here
    for (int i = 0; i < t.size(); i++) {
      if (t.type(i) != TokenType.COMMENT) {
        continue;
      }
      int start = t.start(i);
      for (; scanned < start; scanned++) {
        if (text.charAt(scanned) == '\n') {
          line++;
        }
      }
      if (aloneOnLine(text, start)) {
        Directive d = parse(text.substring(start, t.end(i)).strip());
        if (d != null) {
          byLine.put(line, d);
        }
      }
    }
    return new InlineIgnores(byLine);
  }

  /** The directive on the line before {@code statementLine} (1-based), or null. */
  Directive before(int statementLine) {
    return byLine.get(statementLine - 1);
  }

  private static boolean aloneOnLine(String text, int commentStart) {
    for (int i = commentStart - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  static Directive parse(String comment) {
    Matcher m = DIRECTIVE.matcher(comment);
    if (!m.matches()) {
      return null;
    }
    List<String> codes = new ArrayList<>();
    for (String c : m.group(1).split(",")) {
      codes.add(c.trim().toUpperCase(Locale.ROOT));
    }
    String reason = m.group(2).trim();
    return new Directive(List.copyOf(codes), reason.isEmpty() ? null : reason);
  }
}
