package dev.vetro.policy.analysis;

import java.math.BigDecimal;
import java.util.Locale;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * Decides whether a WHERE condition is true for every row. Conservative in the direction that
 * protects data: {@code x = x} counts as always true (it only spares rows where x is NULL), and
 * {@code x LIKE '%'} too. Anything it cannot evaluate is "not known to be always true".
 *
 * <p>Whenever the answer depended on literal values (comparing two constants), it records that,
 * because {@code WHERE 1=1} and {@code WHERE 1=2} share a fingerprint: such statements must not be
 * served from the fingerprint cache.
 */
final class Tautology {

  private boolean literalDependent;

  boolean literalDependent() {
    return literalDependent;
  }

  boolean alwaysTrue(Expression e) {
    e = unwrap(e);
    if (e instanceof BooleanValue b) {
      return b.getValue();
    }
    if (e instanceof OrExpression or) {
      return alwaysTrue(or.getLeftExpression()) || alwaysTrue(or.getRightExpression());
    }
    if (e instanceof AndExpression and) {
      return alwaysTrue(and.getLeftExpression()) && alwaysTrue(and.getRightExpression());
    }
    if (e instanceof NotExpression not) {
      return alwaysFalse(not.getExpression());
    }
    if (e instanceof EqualsTo eq && sameColumn(eq.getLeftExpression(), eq.getRightExpression())) {
      return true;
    }
    if (e instanceof LikeExpression like
        && !like.isNot()
        && isAllPattern(like.getRightExpression())) {
      return true;
    }
    if (e instanceof IsNullExpression isNull) {
      Object v = constant(isNull.getLeftExpression());
      if (v != null) {
        literalDependent = true;
        return isNull.isNot() != (v == NULL);
      }
      return false;
    }
    Boolean b = evaluate(e);
    return b != null && b;
  }

  boolean alwaysFalse(Expression e) {
    e = unwrap(e);
    if (e instanceof BooleanValue b) {
      return !b.getValue();
    }
    if (e instanceof OrExpression or) {
      return alwaysFalse(or.getLeftExpression()) && alwaysFalse(or.getRightExpression());
    }
    if (e instanceof AndExpression and) {
      return alwaysFalse(and.getLeftExpression()) || alwaysFalse(and.getRightExpression());
    }
    if (e instanceof NotExpression not) {
      return alwaysTrue(not.getExpression());
    }
    Boolean b = evaluate(e);
    return b != null && !b;
  }

  /** An OR somewhere in the condition with a branch that is always true (VETRO-090). */
  boolean hasAlwaysTrueOrBranch(Expression e) {
    e = unwrap(e);
    if (e instanceof OrExpression or) {
      return alwaysTrue(or.getLeftExpression())
          || alwaysTrue(or.getRightExpression())
          || hasAlwaysTrueOrBranch(or.getLeftExpression())
          || hasAlwaysTrueOrBranch(or.getRightExpression());
    }
    if (e instanceof AndExpression and) {
      return hasAlwaysTrueOrBranch(and.getLeftExpression())
          || hasAlwaysTrueOrBranch(and.getRightExpression());
    }
    return false;
  }

  private Boolean evaluate(Expression e) {
    if (e instanceof ComparisonOperator cmp) {
      Object l = constant(cmp.getLeftExpression());
      Object r = constant(cmp.getRightExpression());
      if (l == null || r == null) {
        return null;
      }
      literalDependent = true;
      if (l == NULL || r == NULL) {
        return false; // NULL compares to nothing: never true
      }
      Integer c = compare(l, r);
      if (c == null) {
        return null;
      }
      if (cmp instanceof EqualsTo) {
        return c == 0;
      } else if (cmp instanceof NotEqualsTo) {
        return c != 0;
      } else if (cmp instanceof GreaterThan) {
        return c > 0;
      } else if (cmp instanceof GreaterThanEquals) {
        return c >= 0;
      } else if (cmp instanceof MinorThan) {
        return c < 0;
      } else if (cmp instanceof MinorThanEquals) {
        return c <= 0;
      }
      return null;
    }
    if (e instanceof Between between && !between.isNot()) {
      Object v = constant(between.getLeftExpression());
      Object lo = constant(between.getBetweenExpressionStart());
      Object hi = constant(between.getBetweenExpressionEnd());
      if (v == null || lo == null || hi == null || v == NULL || lo == NULL || hi == NULL) {
        return null;
      }
      literalDependent = true;
      Integer a = compare(v, lo);
      Integer b = compare(v, hi);
      return a == null || b == null ? null : a >= 0 && b <= 0;
    }
    if (e instanceof InExpression in
        && !in.isNot()
        && in.getRightExpression() instanceof ExpressionList<?> list) {
      Object v = constant(in.getLeftExpression());
      if (v == null || v == NULL) {
        return null;
      }
      literalDependent = true;
      for (Object item : list) {
        Object c = item instanceof Expression x ? constant(x) : null;
        if (c != null && c != NULL && Integer.valueOf(0).equals(compare(v, c))) {
          return true;
        }
      }
      return null;
    }
    return null;
  }

  private static final Object NULL = new Object();

  /**
   * The value of a constant expression (BigDecimal, String or Boolean), NULL, or null if not
   * constant.
   */
  private static Object constant(Expression e) {
    e = unwrap(e);
    if (e instanceof LongValue l) {
      return new BigDecimal(l.getStringValue());
    }
    if (e instanceof DoubleValue d) {
      return BigDecimal.valueOf(d.getValue());
    }
    if (e instanceof StringValue s) {
      return s.getValue();
    }
    if (e instanceof BooleanValue b) {
      return b.getValue();
    }
    if (e instanceof NullValue) {
      return NULL;
    }
    if (e instanceof SignedExpression s && constant(s.getExpression()) instanceof BigDecimal n) {
      return s.getSign() == '-' ? n.negate() : n;
    }
    if (e instanceof CastExpression c) {
      return constant(c.getLeftExpression());
    }
    return null;
  }

  private static Integer compare(Object l, Object r) {
    if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
      return a.compareTo(b);
    }
    if (l instanceof String a && r instanceof String b) {
      return a.compareTo(b);
    }
    if (l instanceof BigDecimal a && r instanceof String b) {
      return numeric(b) == null ? null : a.compareTo(numeric(b));
    }
    if (l instanceof String a && r instanceof BigDecimal b) {
      return numeric(a) == null ? null : numeric(a).compareTo(b);
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      return a.compareTo(b);
    }
    return null;
  }

  private static BigDecimal numeric(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean sameColumn(Expression a, Expression b) {
    a = unwrap(a);
    b = unwrap(b);
    return a instanceof Column ca
        && b instanceof Column cb
        && ca.getFullyQualifiedName()
            .toLowerCase(Locale.ROOT)
            .equals(cb.getFullyQualifiedName().toLowerCase(Locale.ROOT))
        && !"true".equalsIgnoreCase(ca.getColumnName())
        && !"false".equalsIgnoreCase(ca.getColumnName());
  }

  private boolean isAllPattern(Expression e) {
    Object v = constant(e);
    if (v != null) {
      literalDependent = true;
    }
    return v instanceof String s && !s.isEmpty() && s.chars().allMatch(ch -> ch == '%');
  }

  private static Expression unwrap(Expression e) {
    while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      e = p.get(0);
    }
    return e;
  }
}
