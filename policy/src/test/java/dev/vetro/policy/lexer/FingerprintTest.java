package dev.vetro.policy.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static Fingerprint fp(String sql) {
    return Fingerprint.of(Statements.split(sql, LexOptions.POSTGRES).get(0));
  }

  @Test
  void differentLiteralValuesShareAFingerprint() {
    assertEquals(fp("SELECT * FROM t WHERE id = 1"), fp("SELECT * FROM t WHERE id = 2"));
    assertEquals(fp("SELECT * FROM t WHERE name = 'a'"), fp("SELECT * FROM t WHERE name = $$b$$"));
    assertEquals(fp("SELECT * FROM t WHERE id = $1"), fp("SELECT * FROM t WHERE id = 42"));
    assertEquals(fp("SELECT * FROM t WHERE id = -1"), fp("SELECT * FROM t WHERE id = 1"));
  }

  @Test
  void inListsOfAnyLengthShareAFingerprint() {
    Fingerprint three = fp("SELECT * FROM t WHERE id IN (1, 2, 3)");
    assertEquals(three, fp("SELECT * FROM t WHERE id IN (4)"));
    assertEquals(three, fp("SELECT * FROM t WHERE id IN ($1,$2)"));
    assertTrue(three.normalized().contains("in (?)"), three.normalized());
  }

  @Test
  void inListOfColumnsIsNotCollapsed() {
    assertNotEquals(fp("SELECT * FROM t WHERE 1 IN (a, b)"), fp("SELECT * FROM t WHERE 1 IN (a)"));
  }

  @Test
  void stableAcrossWhitespaceCaseAndComments() {
    Fingerprint base = fp("SELECT a, b FROM t WHERE a=1 AND b<>'x'");
    assertEquals(
        base,
        fp("select   A ,b\n\tfrom T -- trailing\n where a = 7 /* c /* nested */ */ and B != 'y'"));
    assertEquals(base.hex(), fp("SELECT a,b FROM t WHERE a =1 AND b<> 'zz'").hex());
  }

  @Test
  void differentShapesDiffer() {
    assertNotEquals(fp("SELECT a FROM t"), fp("SELECT b FROM t"));
    assertNotEquals(fp("SELECT a FROM t"), fp("SELECT \"A\" FROM t"));
    assertNotEquals(fp("DELETE FROM t WHERE id = 1"), fp("DELETE FROM t"));
  }

  @Test
  void normalizedTextHasNoLiteralsAndHexIsSixteenDigits() {
    Fingerprint f = fp("UPDATE t SET s = E'secret\\'', n = 3.14 WHERE id = $1");
    assertEquals("update t set s = ?, n = ? where id = ?", f.normalized());
    assertEquals(16, f.hex().length());
    assertEquals(Long.parseUnsignedLong(f.hex(), 16), f.hash());
  }

  @Test
  void hexIsZeroPaddedAndUnsigned() {
    assertEquals("0000000000000abc", new Fingerprint("x", 0xabcL).hex());
    assertEquals("0000000000000000", new Fingerprint("x", 0L).hex());
    assertEquals("ffffffffffffffff", new Fingerprint("x", -1L).hex());
  }

  @Test
  void functionCallsAndQualifiedNamesAreCompact() {
    assertEquals(
        "select count(*), s.t.c::int[] from s.t",
        fp("SELECT COUNT ( * ) , s . t . c :: int [ ] FROM s.t").normalized());
  }

  @Test
  void foldedSignsAndCollapsedListsLeaveExactText() {
    // tokens taken back (a sign folded into its number, an IN list collapsed) take their space with
    // them
    assertEquals(
        "select * from t where a in (?) and b = ? or c between ? and ?",
        fp("SELECT * FROM t WHERE a IN (-1, - 2,3) AND b = -4 OR c BETWEEN -5 AND -6")
            .normalized());
    assertEquals(
        "select a - ?, f(?), x.y in (?), array[?] from t where d <> ?",
        fp("select A-1, F(-2), X.Y in ($1,$2), ARRAY[-3] from T where D != -7").normalized());
    assertEquals(
        "insert into t values (?, ?) returning (?)",
        fp("INSERT INTO t VALUES (-1, -2) RETURNING (-3)").normalized());
  }
}
