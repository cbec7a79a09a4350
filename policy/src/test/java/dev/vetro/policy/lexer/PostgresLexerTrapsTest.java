package dev.vetro.policy.lexer;

import static dev.vetro.policy.lexer.LexAssertions.pg;
import static dev.vetro.policy.lexer.LexAssertions.pgOldStrings;
import static dev.vetro.policy.lexer.LexAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lexical traps where a firewall could read text differently from PostgreSQL 15. */
class PostgresLexerTrapsTest {

  private static final LexOptions PG = LexOptions.POSTGRES;
  private static final LexOptions PG_OLD = new LexOptions(Dialect.POSTGRES, false);

  @Test
  void backslashIsOrdinaryInStandardStringsSoTheQuoteAfterItCloses() {
    String sql = "SELECT 'a\\'; DROP TABLE t; --'";
    assertEquals(
        List.of(
            "IDENT:SELECT",
            "STRING:'a\\'",
            "SEMICOLON:;",
            "IDENT:DROP",
            "IDENT:TABLE",
            "IDENT:t",
            "SEMICOLON:;"),
        pg(sql));
    assertEquals(List.of("SELECT 'a\\'", "DROP TABLE t"), texts(sql, PG));
  }

  @Test
  void backslashEscapesTheQuoteWhenStandardConformingStringsIsOff() {
    String sql = "SELECT 'a\\'; DROP TABLE t; --'";
    assertEquals(List.of("IDENT:SELECT", "STRING:'a\\'; DROP TABLE t; --'"), pgOldStrings(sql));
    assertEquals(List.of(sql), texts(sql, PG_OLD));
  }

  @Test
  void escapeStringHonoursBackslashQuoteWhateverTheSetting() {
    String sql = "SELECT E'a\\'; DROP TABLE t; --'";
    assertEquals(List.of("IDENT:SELECT", "STRING:E'a\\'; DROP TABLE t; --'"), pg(sql));
    assertEquals(pg(sql), pgOldStrings(sql));
  }

  @Test
  void escapeStringBackslashEscapesAnyCharIncludingBackslashAndNewline() {
    assertEquals(List.of("STRING:e'\\\\'", "IDENT:x"), pg("e'\\\\' x"));
    assertEquals(List.of("STRING:E'\\\n'"), pg("E'\\\n'"));
  }

  @Test
  void backslashAtEndOfInputLeavesEscapeStringUnterminated() {
    assertEquals(List.of("ERROR:E'abc\\"), pg("E'abc\\"));
  }

  @Test
  void doubledQuoteStaysInsideTheString() {
    assertEquals(List.of("STRING:'it''s; x'", "SEMICOLON:;"), pg("'it''s; x';"));
    assertEquals(List.of("STRING:''''"), pg("''''"));
  }

  @Test
  void stringContinuesAcrossWhitespaceContainingNewline() {
    assertEquals(List.of("STRING:'a'\n'b'"), pg("'a'\n'b'"));
    assertEquals(List.of("STRING:'a'  -- note\n  \n'b'"), pg("'a'  -- note\n  \n'b'"));
    assertEquals(List.of("STRING:'a'\n-- c\n'b'"), pg("'a'\n-- c\n'b'"));
  }

  @Test
  void stringDoesNotContinueWithoutNewlineOrAcrossBlockComment() {
    assertEquals(List.of("STRING:'a'", "STRING:'b'"), pg("'a' 'b'"));
    assertEquals(List.of("STRING:'a'", "STRING:'b'"), pg("'a'\n/* c */'b'"));
  }

  @Test
  void continuedEscapeStringKeepsEscapeStateInItsContinuation() {
    // The continuation is still xe: \' does not close, so nothing after it is code.
    String sql = "SELECT E'x'\n'\\'; DROP TABLE t; --'";
    assertEquals(List.of("IDENT:SELECT", "STRING:E'x'\n'\\'; DROP TABLE t; --'"), pg(sql));
    assertEquals(1, Statements.split(sql, PG).size());
  }

  @Test
  void continuedStandardStringKeepsBackslashOrdinary() {
    String sql = "SELECT 'x'\n'\\'; DROP TABLE t";
    assertEquals(List.of("SELECT 'x'\n'\\'", "DROP TABLE t"), texts(sql, PG));
  }

  @Test
  void unicodeStringTreatsBackslashAsLiteralAtLexTime() {
    String sql = "SELECT U&'\\'; DROP TABLE t; --' UESCAPE '!'";
    assertEquals(List.of("SELECT U&'\\'", "DROP TABLE t"), texts(sql, PG));
    assertEquals(
        List.of("STRING:U&'d\\0061t!+000061'", "IDENT:UESCAPE", "STRING:'!'"),
        pg("U&'d\\0061t!+000061' UESCAPE '!'"));
  }

  @Test
  void unicodeStringIsRejectedWhenStandardConformingStringsIsOff() {
    String sql = "SELECT U&'a'; SELECT 2";
    assertEquals(
        List.of("IDENT:SELECT", "ERROR:U&'a'", "SEMICOLON:;", "IDENT:SELECT", "NUMBER:2"),
        pgOldStrings(sql));
    Token error = Lexer.tokenize(sql, PG_OLD).get(1);
    assertTrue(
        LexErrors.describe(sql, error)
            .startsWith("unsafe use of string constant with Unicode escapes"));
    assertTrue(
        LexErrors.describe("U&'a", Lexer.tokenize("U&'a", PG).get(0))
            .startsWith("unterminated quoted string"));
  }

  @Test
  void unicodeQuotedIdentifierIsOneIdentifier() {
    assertEquals(
        List.of("QUOTED_IDENT:u&\"d\\0061t;\"", "IDENT:uescape", "STRING:'\\'"),
        pg("u&\"d\\0061t;\" uescape '\\'"));
  }

  @Test
  void uAmpersandWithoutQuoteIsIdentifierThenOperator() {
    assertEquals(List.of("IDENT:u", "OPERATOR:&", "IDENT:x"), pg("u&x"));
  }

  @Test
  void bitAndHexStringsDoNotDoubleQuotes() {
    assertEquals(List.of("STRING:B'1'", "STRING:'0'"), pg("B'1''0'"));
    assertEquals(List.of("STRING:X'1F'"), pg("X'1F'"));
    assertEquals(List.of("STRING:b'1'\n'0'"), pg("b'1'\n'0'"));
  }

  @Test
  void nationalStringFollowsTheStandardStringsSetting() {
    assertEquals(List.of("STRING:N'a\\'", "SEMICOLON:;"), pg("N'a\\';"));
    assertEquals(List.of("STRING:N'a\\';'"), pgOldStrings("N'a\\';'"));
  }

  @Test
  void letterBeforeQuoteInsideAWordIsNotAPrefix() {
    assertEquals(List.of("IDENT:abe", "STRING:'x'"), pg("abe'x'"));
  }

  @Test
  void quotedIdentifierDoublesQuotesAndHidesSemicolonsAndComments() {
    assertEquals(
        List.of("QUOTED_IDENT:\"a\"\"b; -- /*\"", "SEMICOLON:;"), pg("\"a\"\"b; -- /*\";"));
  }

  @Test
  void emptyQuotedIdentifierIsAnError() {
    List<String> tokens = pg("SELECT \"\" FROM t");
    assertEquals("ERROR:\"\"", tokens.get(1));
    String sql = "SELECT \"\" FROM t";
    Token error = Lexer.tokenize(sql, PG).get(1);
    assertTrue(LexErrors.describe(sql, error).startsWith("zero-length delimited identifier"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'abc",
        "SELECT E'abc\\'",
        "SELECT \"abc",
        "SELECT $$abc",
        "SELECT $q$abc$$",
        "SELECT /* abc",
        "SELECT /* /* */ abc",
        "SELECT B'01",
        "SELECT U&'x",
        "SELECT U&\"x"
      })
  void unterminatedConstructIsOneErrorTokenCoveringTheRest(String sql) {
    List<Token> tokens = Lexer.tokenize(sql + "; DROP TABLE t", PG);
    assertEquals(2, tokens.size(), tokens.toString());
    Token last = tokens.get(1);
    assertEquals(TokenType.ERROR, last.type());
    assertEquals(7, last.start());
    assertEquals(sql.length() + "; DROP TABLE t".length(), last.end());
    assertEquals(1, Statements.split(sql + "; DROP TABLE t", PG).size());
  }

  @Test
  void lineCommentRunsToEndOfLineOnly() {
    assertEquals(List.of("IDENT:a", "IDENT:b"), pg("a -- x; y\nb"));
    assertEquals(List.of("IDENT:a", "IDENT:b"), pg("a -- x\rb"));
  }

  @Test
  void blockCommentsNestSoTheFirstCloseDoesNotEndTheOuterComment() {
    String sql = "SELECT 1 /* outer /* inner */ DROP TABLE t; */ ; SELECT 2";
    assertEquals(List.of("SELECT 1", "SELECT 2"), texts(sql, PG));
    assertEquals(List.of("IDENT:a", "IDENT:b"), pg("a /* /* /* */ */ */ b"));
  }

  @Test
  void commentStartInsideOperatorRunEndsTheOperator() {
    assertEquals(List.of("IDENT:a", "OPERATOR:+", "IDENT:b"), pg("a +/* c */ b"));
    assertEquals(List.of("IDENT:a", "OPERATOR:*", "IDENT:b"), pg("a */* c */ b"));
    assertEquals(List.of("IDENT:a", "OPERATOR:+", "IDENT:b"), pg("a +-- c\n b"));
  }

  @Test
  void closingCommentMarkerOutsideACommentIsAnOperator() {
    assertEquals(List.of("IDENT:a", "OPERATOR:*/", "IDENT:b"), pg("a */ b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"'--'", "'/*'", "E'--'", "$$--$$", "\"--\"", "U&'/*'", "$x$/*$x$"})
  void commentMarkersInsideQuotesAreNotComments(String quoted) {
    String sql = "SELECT " + quoted + ", 1";
    List<String> tokens = pg(sql);
    assertEquals(4, tokens.size(), tokens.toString());
    assertEquals("NUMBER:1", tokens.get(3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'a;b'",
        "E'a;b'",
        "U&'a;b'",
        "\"a;b\"",
        "U&\"a;b\"",
        "$$a;b$$",
        "$t$a;b$t$",
        "/* a;b */",
        "-- a;b\n",
        "B'0;1'",
        "X'0;1'",
        "N'a;b'",
        "'a'\n';b'"
      })
  void semicolonInsideAnyQuoteOrCommentDoesNotSplit(String piece) {
    String sql = "SELECT " + piece + " x; SELECT 2";
    assertEquals(2, Statements.split(sql, PG).size(), texts(sql, PG).toString());
    assertEquals(2, Statements.split(sql, PG_OLD).size(), texts(sql, PG_OLD).toString());
  }

  @Test
  void dollarQuoteEndsOnlyAtItsOwnTag() {
    String sql = "SELECT $b$ x $a$ ; DROP TABLE t; $a$ y $b$";
    assertEquals(List.of("IDENT:SELECT", "STRING:$b$ x $a$ ; DROP TABLE t; $a$ y $b$"), pg(sql));
    assertEquals(List.of("STRING:$a$ $$ $ab$ $a$"), pg("$a$ $$ $ab$ $a$"));
  }

  @Test
  void dollarTagIsCaseSensitive() {
    assertEquals(List.of("STRING:$Q$ $q$ $Q$"), pg("$Q$ $q$ $Q$"));
  }

  @Test
  void dollarDigitIsAParameterNotATag() {
    assertEquals(List.of("IDENT:a", "OPERATOR:=", "PARAM:$1"), pg("a=$1"));
    assertEquals(List.of("PARAM:$12", "OTHER:$"), pg("$12$"));
    assertEquals(List.of("PARAM:$1", "STRING:$$x$$"), pg("$1$$x$$"));
  }

  @Test
  void parameterWithTrailingLettersIsAnError() {
    assertEquals(List.of("ERROR:$1a", "IDENT:bc"), pg("$1abc"));
  }

  @Test
  void dollarInsideIdentifierIsPartOfTheIdentifier() {
    assertEquals(List.of("IDENT:a$b$", "IDENT:c"), pg("a$b$ c"));
    assertEquals(List.of("IDENT:x", "STRING:$b$ c $b$"), pg("x $b$ c $b$"));
  }

  @Test
  void dollarFollowedByNameWithoutClosingDollarIsALoneDollar() {
    assertEquals(List.of("OTHER:$", "IDENT:abc", "OPERATOR:+"), pg("$abc +"));
  }

  @Test
  void dollarTagMayHoldNonAsciiLetters() {
    assertEquals(List.of("STRING:$été$ ; $été$"), pg("$été$ ; $été$"));
  }

  @Test
  void numbersFollowPostgres15() {
    assertEquals(
        List.of("NUMBER:1e10", "NUMBER:.5", "NUMBER:1.", "NUMBER:1.5E-3", "NUMBER:42"),
        pg("1e10 .5 1. 1.5E-3 42"));
    assertEquals(List.of("NUMBER:1", "OPERATOR:..", "NUMBER:10"), pg("1..10"));
    assertEquals(List.of("NUMBER:1", "IDENT:e", "OPERATOR:+"), pg("1e+"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x1F", "1_000", "123abc", "1.5x", "1e5e", "0b101", "0o17"})
  void numberWithTrailingJunkIsAnErrorAsInPostgres15(String literal) {
    String sql = "SELECT " + literal + "; SELECT 2";
    TokenList tokens = Lexer.tokenize(sql, PG);
    assertEquals(TokenType.ERROR, tokens.type(1), LexAssertions.pg(sql).toString());
    assertTrue(
        LexErrors.describe(sql, tokens.get(1)).startsWith("trailing junk after numeric literal"));
    assertEquals(2, Statements.split(sql, PG).size());
  }

  @Test
  void trailingPlusOrMinusIsSplitOffSqlOperators() {
    assertEquals(List.of("IDENT:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1"), pg("a=-1"));
    assertEquals(List.of("IDENT:a", "OPERATOR:<", "OPERATOR:-", "NUMBER:1"), pg("a<-1"));
    assertEquals(List.of("IDENT:a", "OPERATOR:@-", "NUMBER:1"), pg("a@-1"));
    assertEquals(List.of("IDENT:a", "OPERATOR:?-|", "IDENT:b"), pg("a ?-| b"));
    assertEquals(List.of("IDENT:a", "OPERATOR:!=", "IDENT:b"), pg("a!=b"));
    assertEquals(List.of("IDENT:a", "OPERATOR:<=", "OPERATOR:+", "IDENT:b"), pg("a<=+b"));
  }

  @Test
  void castColonAndBrackets() {
    assertEquals(
        List.of(
            "IDENT:a",
            "CAST:::",
            "IDENT:int",
            "LBRACKET:[",
            "RBRACKET:]",
            "COLON::",
            "OPERATOR::="),
        pg("a::int[] : :="));
  }

  @Test
  void verticalTabIsNotWhitespaceInPostgres15() {
    assertEquals(List.of("IDENT:a", "OTHER:\u000b", "IDENT:b"), pg("a\u000bb"));
  }

  @Test
  void tokensSpanTheOriginalTextExactly() {
    String sql = "  SELECT \"X\"  FROM t -- c\n WHERE a = 'q'";
    StringBuilder seen = new StringBuilder();
    for (Token t : Lexer.tokenize(sql, PG)) {
      assertTrue(t.start() < t.end());
      seen.append(t.text(sql));
    }
    assertEquals("SELECT\"X\"FROMtWHEREa='q'", seen.toString());
  }

  @Test
  void commentsAreKeptOnlyWhenAskedFor() {
    String sql = "a /* x /* y */ */ -- z\n b";
    assertEquals(2, Lexer.tokenize(sql, PG).size());
    List<Token> withComments = Lexer.tokenizeWithComments(sql, PG);
    assertEquals(
        List.of(TokenType.IDENT, TokenType.COMMENT, TokenType.COMMENT, TokenType.IDENT),
        withComments.stream().map(Token::type).toList());
    assertEquals("/* x /* y */ */", withComments.get(1).text(sql));
  }
}
