package dev.vetro.policy.analysis;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;

/**
 * Two OR branches that together cover every row of one column: {@code x IS NULL OR x IS NOT NULL}
 * (all rows), {@code a > 0 OR a <= 0}, {@code a = 1 OR a <> 1} (all rows where a is not NULL). A
 * WHERE built like that deletes as much as no WHERE at all.
 */
final class Complements {

  private Complements() {}

  static boolean of(Expression left, Expression right, Tautology t) {
    Expression l = Tautology.unwrap(left);
    Expression r = Tautology.unwrap(right);
    if (l instanceof IsNullExpression a && r instanceof IsNullExpression b) {
      return a.isNot() != b.isNot()
          && Tautology.sameColumn(a.getLeftExpression(), b.getLeftExpression());
    }
    if (l instanceof ComparisonOperator a && r instanceof ComparisonOperator b) {
      Object ca = Tautology.constant(a.getRightExpression());
      Object cb = Tautology.constant(b.getRightExpression());
      if (ca == null
          || cb == null
          || ca == Tautology.NULL
          || cb == Tautology.NULL
          || !Tautology.sameColumn(a.getLeftExpression(), b.getLeftExpression())) {
        return false;
      }
      // a > 0 OR a <= 0 and a > 0 OR a <= 1 share a fingerprint: never cache either verdict
      t.markLiteralDependent();
      Integer c = Tautology.compare(ca, cb);
      if (c == null || c != 0) {
        return false;
      }
      return complementary(a, b) || complementary(b, a);
    }
    return false;
  }

  /** Operators that, on the same column and constant, split the non-NULL values between them. */
  private static boolean complementary(ComparisonOperator a, ComparisonOperator b) {
    return a instanceof GreaterThan && b instanceof MinorThanEquals
        || a instanceof MinorThan && b instanceof GreaterThanEquals
        || a instanceof EqualsTo && b instanceof NotEqualsTo;
  }
}
