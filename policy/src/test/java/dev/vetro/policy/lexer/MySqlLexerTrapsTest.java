package dev.vetro.policy.lexer;

import static dev.vetro.policy.lexer.LexAssertions.my;
import static dev.vetro.policy.lexer.LexAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MySQL's lexical rules, which differ from PostgreSQL's exactly where attacks hide. */
class MySqlLexerTrapsTest {

  private static final LexOptions MY = LexOptions.MYSQL;
  private static final LexOptions MY_NO_BACKSLASH = new LexOptions(Dialect.MYSQL, true);

  @Test
  void backslashQuoteDoesNotCloseAStringSoTheRestIsOneString() {
    String sql = "SELECT 'a\\'; DROP TABLE t; -- '";
    assertEquals(List.of("IDENT:SELECT", "STRING:'a\\'; DROP TABLE t; -- '"), my(sql));
    assertEquals(List.of(sql), texts(sql, MY));
  }

  @Test
  void noBackslashEscapesModeMakesBackslashOrdinary() {
    String sql = "SELECT 'a\\'; DROP TABLE t; -- '";
    assertEquals(List.of("SELECT 'a\\'", "DROP TABLE t"), texts(sql, MY_NO_BACKSLASH));
  }

  @Test
  void doubleQuotedTextIsAStringWithTheSameEscapes() {
    assertEquals(
        List.of("IDENT:SELECT", "STRING:\"a\\\"; b\"\"c\""), my("SELECT \"a\\\"; b\"\"c\""));
  }

  @Test
  void backtickIdentifierDoublesBackticksAndHidesSemicolons() {
    assertEquals(List.of("QUOTED_IDENT:`a``b; c`", "SEMICOLON:;"), my("`a``b; c`;"));
  }

  @Test
  void hashStartsALineComment() {
    assertEquals(List.of("IDENT:a", "IDENT:b"), my("a # ; DROP TABLE t\nb"));
  }

  @Test
  void dashDashIsACommentOnlyBeforeWhitespaceOrControlChar() {
    assertEquals(List.of("IDENT:a", "IDENT:b"), my("a -- x\nb"));
    assertEquals(List.of("IDENT:a", "IDENT:b"), my("a --\tx\nb"));
    assertEquals(List.of("IDENT:a"), my("a --"));
    assertEquals(List.of("IDENT:a", "OPERATOR:-", "OPERATOR:-", "NUMBER:1"), my("a--1"));
  }

  @Test
  void dashDashWithoutSpaceDoesNotHideTheNextStatement() {
    String sql = "SELECT 1--1; DROP TABLE t";
    assertEquals(List.of("SELECT 1--1", "DROP TABLE t"), texts(sql, MY));
  }

  @Test
  void blockCommentsDoNotNest() {
    String sql = "SELECT 1 /* /* */ ; DROP TABLE t; */";
    assertEquals(List.of("SELECT 1", "DROP TABLE t", "*/"), texts(sql, MY));
  }

  @Test
  void executableCommentContentIsCode() {
    String sql = "SELECT 1 /*! ; DROP TABLE t */";
    assertEquals(List.of("SELECT 1", "DROP TABLE t"), texts(sql, MY));
    assertEquals(
        List.of("IDENT:SELECT", "NUMBER:1", "IDENT:DROP", "IDENT:TABLE", "IDENT:t"),
        my("SELECT 1 /*!50001 DROP TABLE t */"));
  }

  @Test
  void optimizerHintIsAComment() {
    assertEquals(List.of("IDENT:SELECT", "NUMBER:1"), my("SELECT /*+ BKA(t) */ 1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'a;b'",
        "\"a;b\"",
        "`a;b`",
        "/* a;b */",
        "-- a;b\n",
        "# a;b\n",
        "X'3B'",
        "'a\\';b'"
      })
  void semicolonInsideQuotesAndCommentsDoesNotSplit(String piece) {
    assertEquals(2, Statements.split("SELECT " + piece + " x; SELECT 2", MY).size());
  }

  @Test
  void dollarQuotesDoNotExistInMysql() {
    assertEquals(List.of("SELECT $$", "SELECT 2 $$"), texts("SELECT $$; SELECT 2 $$", MY));
  }

  @Test
  void numbersAndDigitLeadingIdentifiers() {
    assertEquals(
        List.of(
            "NUMBER:0x1F",
            "NUMBER:0b101",
            "NUMBER:1e10",
            "NUMBER:1.5",
            "NUMBER:.5",
            "IDENT:1abc",
            "NUMBER:2e-3"),
        my("0x1F 0b101 1e10 1.5 .5 1abc 2e-3"));
  }

  @Test
  void questionMarkIsAPlaceholderAndMultiCharOperatorsStayWhole() {
    assertEquals(
        List.of("IDENT:a", "OPERATOR:<=>", "PARAM:?", "IDENT:b", "OPERATOR:->>", "STRING:'$.x'"),
        my("a <=> ? b ->> '$.x'"));
    assertEquals(List.of("IDENT:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1"), my("a=-1"));
  }

  @Test
  void unterminatedQuotesAndCommentsAreErrorsCoveringTheRest() {
    for (String sql :
        List.of("SELECT 'a", "SELECT \"a", "SELECT `a", "SELECT /* a", "SELECT 'a\\'")) {
      List<Token> tokens = Lexer.tokenize(sql + "; DROP TABLE t", MY);
      assertEquals(TokenType.ERROR, tokens.get(tokens.size() - 1).type(), sql);
      assertEquals(1, Statements.split(sql + "; DROP TABLE t", MY).size(), sql);
    }
  }

  @Test
  void storedProgramBodyKeepsItsSemicolons() {
    String sql =
        "CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x THEN SELECT 1; END IF; "
            + "CASE x WHEN 1 THEN SELECT 2; END CASE; END; SELECT 3";
    List<String> statements = texts(sql, MY);
    assertEquals(2, statements.size(), statements.toString());
    assertEquals("SELECT 3", statements.get(1));
  }
}
