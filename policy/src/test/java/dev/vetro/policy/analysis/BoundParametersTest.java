package dev.vetro.policy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11 item 7: a WHERE decided only by bound parameters is judged with the values a Bind sends,
 * in text and binary formats. The substituted text goes through the ordinary engine, so these tests
 * assert the verdict the proxy will give at Bind.
 */
class BoundParametersTest {

  private static final List<Short> TEXT = List.of();
  private static final List<Short> BINARY = List.of((short) 1);

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Decision judged(
      String sql, List<Integer> types, List<Short> formats, byte[]... v) {
    String bound = BoundParameters.substitute(sql, true, types, formats, Arrays.asList(v));
    return Engines.pg(bound);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DELETE FROM t WHERE $1
          DELETE FROM t WHERE $1::int IS NOT NULL
          DELETE FROM t WHERE $1 = $1
          UPDATE t SET a = 1 WHERE $1
          """)
  void parameterOnlyWhereIsDecidedAtBind(String sql) {
    assertTrue(BoundParameters.decidedAtBind(Engines.pg(sql)));
  }

  @Test
  void keyedWhereIsNotDecidedAtBind() {
    assertFalse(BoundParameters.decidedAtBind(Engines.pg("DELETE FROM t WHERE id = $1")));
    assertFalse(BoundParameters.decidedAtBind(Engines.pg("SELECT * FROM t WHERE $1")));
  }

  @ParameterizedTest(name = "{0} bound {1} → {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DELETE FROM t WHERE $1                  | true  | BLOCKED
          DELETE FROM t WHERE $1                  | t     | BLOCKED
          DELETE FROM t WHERE $1                  | on    | BLOCKED
          DELETE FROM t WHERE $1                  | false | ALLOWED
          DELETE FROM t WHERE $1                  | off   | ALLOWED
          DELETE FROM t WHERE $1::boolean         | yes   | BLOCKED
          DELETE FROM t WHERE $1::int IS NOT NULL | 5     | BLOCKED
          DELETE FROM t WHERE $1 = $1             | x     | BLOCKED
          DELETE FROM t WHERE $1 = 'a'            | b     | ALLOWED
          DELETE FROM t WHERE $1 = 'a'            | a     | BLOCKED
          UPDATE t SET a = 1 WHERE $1             | true  | BLOCKED
          UPDATE t SET a = 1 WHERE $1             | false | ALLOWED
          """)
  void textValuesWithUnspecifiedTypes(String sql, String value, Verdict verdict) {
    Decision d = judged(sql, List.of(), TEXT, text(value));
    assertEquals(verdict, d.decision(), d::toJson);
  }

  @Test
  void nullReachesNoRow() {
    assertEquals(
        Verdict.ALLOWED,
        judged("DELETE FROM t WHERE $1::int IS NOT NULL", List.of(), TEXT, (byte[]) null)
            .decision());
    assertEquals(
        Verdict.BLOCKED,
        judged("DELETE FROM t WHERE $1::int IS NULL", List.of(), TEXT, (byte[]) null).decision());
    assertEquals(
        Verdict.ALLOWED,
        judged("DELETE FROM t WHERE $1 = $1", List.of(), TEXT, (byte[]) null).decision());
  }

  @Test
  void binaryBooleanIsOneByte() {
    List<Integer> bool = List.of(BoundParameters.BOOL);
    assertEquals(
        Verdict.BLOCKED, judged("DELETE FROM t WHERE $1", bool, BINARY, new byte[] {1}).decision());
    assertEquals(
        Verdict.ALLOWED, judged("DELETE FROM t WHERE $1", bool, BINARY, new byte[] {0}).decision());
  }

  @Test
  void binaryIntegersAreBigEndian() {
    byte[] int4 = ByteBuffer.allocate(4).putInt(-7).array();
    byte[] int8 = ByteBuffer.allocate(8).putLong(1L << 40).array();
    String bound =
        BoundParameters.substitute(
            "DELETE FROM t WHERE $1 = $2",
            true,
            List.of(BoundParameters.INT4, BoundParameters.INT8),
            BINARY,
            List.of(int4, int8));
    assertEquals("DELETE FROM t WHERE (-7) = 1099511627776", bound);
    assertEquals(Verdict.ALLOWED, Engines.pg(bound).decision());
    // the type from the statement's cast when Parse left it unspecified
    assertEquals(
        Verdict.BLOCKED,
        judged("DELETE FROM t WHERE $1::int4 IS NOT NULL", List.of(0), BINARY, int4).decision());
  }

  @Test
  void unreadableValueGivesNull() {
    // numeric in binary is not decoded: the caller keeps the Parse-time verdict
    assertNull(
        BoundParameters.substitute(
            "DELETE FROM t WHERE $1", true, List.of(1700), BINARY, List.of(new byte[8])));
    assertNull(
        BoundParameters.substitute(
            "DELETE FROM t WHERE $1", true, List.of(0), BINARY, List.of(new byte[] {1})));
    assertNull(
        BoundParameters.substitute("DELETE FROM t WHERE $2", true, List.of(), TEXT, List.of()));
  }

  @Test
  void quotesInValuesStayInsideTheLiteral() {
    String bound =
        BoundParameters.substitute(
            "DELETE FROM t WHERE $1 = 'x'", true, List.of(), TEXT, List.of(text("x' OR true --")));
    assertEquals("DELETE FROM t WHERE 'x'' OR true --' = 'x'", bound);
    assertEquals(Verdict.ALLOWED, Engines.pg(bound).decision(), bound);
    // and a parameter inside a string or comment is not a parameter
    assertEquals(
        "SELECT '$1' /* $1 */, 1",
        BoundParameters.substitute(
                "SELECT '$1' /* $1 */, $1", true, List.of(), TEXT, List.of(text("1")))
            .replace("'1'", "1"));
  }

  @Test
  void trueAfterFalseIsNotServedFromTheCache() {
    assertEquals(Verdict.ALLOWED, Engines.pg("DELETE FROM cache_t WHERE 'false'").decision());
    assertEquals(Verdict.BLOCKED, Engines.pg("DELETE FROM cache_t WHERE 'true'").decision());
    assertEquals(Verdict.ALLOWED, Engines.pg("DELETE FROM cache_t2 WHERE false").decision());
    assertEquals(Verdict.BLOCKED, Engines.pg("DELETE FROM cache_t2 WHERE true").decision());
  }
}
