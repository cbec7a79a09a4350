package dev.vetro.policy.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static String redact(String sql) {
    return Redactor.redact(Statements.split(sql, LexOptions.POSTGRES).get(0));
  }

  @Test
  void passwordLiteralNeverSurvives() {
    String out = redact("ALTER ROLE x PASSWORD 'hunter2'");
    assertEquals("ALTER ROLE x PASSWORD '?'", out);
  }

  @Test
  void everyKindOfLiteralIsReplacedAndCommentsRemoved() {
    String out =
        redact(
            "SELECT E'a\\'b', U&'c', B'101', X'FF', $t$body$t$, 42, 1.5e3 /* secret */ -- secret\n FROM t");
    assertEquals("SELECT '?', '?', '?', '?', '?', ?, ? FROM t", out);
  }

  @Test
  void unterminatedStringIsRedactedToo() {
    String out = redact("ALTER ROLE x PASSWORD 'hunter2");
    assertFalse(out.contains("hunter2"), out);
  }

  @Test
  void parametersAndIdentifiersStay() {
    assertEquals(
        "SELECT \"Secret\" FROM t WHERE a = $1", redact("SELECT \"Secret\" FROM t WHERE a = $1"));
  }

  @Test
  void mysqlDoubleQuotedStringsAreLiterals() {
    String out = Redactor.redact("SELECT \"top secret\" FROM t # c", LexOptions.MYSQL);
    assertEquals("SELECT '?' FROM t", out);
  }

  /** For every string literal in the corpus, its content must not leak into the redacted text. */
  @Test
  void noCorpusStringLiteralLeaksIntoRedactedText() {
    int checked = 0;
    List<String> leaks = new ArrayList<>();
    for (Corpus.Entry e : Corpus.load()) {
      String sql = e.sql();
      for (SqlStatement s : Statements.split(sql, LexOptions.POSTGRES)) {
        String redacted = Redactor.redact(s);
        String withoutLiterals = blankLiterals(s);
        for (Token t : s.tokens()) {
          if (t.type() != TokenType.STRING) {
            continue;
          }
          String content = content(t.text(sql));
          if (content.length() < 3 || withoutLiterals.contains(content)) {
            continue; // the same text also appears as code, so finding it proves nothing
          }
          checked++;
          if (redacted.contains(content)) {
            leaks.add(content);
          }
        }
      }
    }
    assertTrue(checked > 10_000, "too few literals checked: " + checked);
    assertTrue(
        leaks.isEmpty(),
        leaks.size() + " leaks, e.g. " + leaks.subList(0, Math.min(5, leaks.size())));
  }

  private static String blankLiterals(SqlStatement s) {
    StringBuilder b = new StringBuilder(s.sql());
    for (Token t : Lexer.tokenizeWithComments(s.sql(), LexOptions.POSTGRES)) {
      if (t.type() == TokenType.STRING
          || t.type() == TokenType.COMMENT
          || t.type() == TokenType.ERROR) {
        for (int k = t.start(); k < t.end(); k++) {
          b.setCharAt(k, ' ');
        }
      }
    }
    return b.substring(s.start(), s.end());
  }

  /** The text between the opening and closing delimiters of any literal form. */
  private static String content(String literal) {
    int open = literal.indexOf('\'');
    if (literal.startsWith("$")) {
      int tagEnd = literal.indexOf('$', 1);
      return literal.substring(tagEnd + 1, literal.length() - tagEnd - 1);
    }
    return literal.substring(open + 1, literal.length() - 1);
  }
}
