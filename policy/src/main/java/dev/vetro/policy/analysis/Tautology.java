package dev.vetro.policy.analysis;

import java.math.BigDecimal;
import java.util.Locale;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
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
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

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

  void markLiteralDependent() {
    literalDependent = true;
  }

  boolean literalDependent() {
    return literalDependent;
  }

  boolean alwaysTrue(Expression e) {
    e = unwrap(e);
    if (e instanceof BooleanValue b) {
      return b.getValue();
    }
    if (e instanceof StringValue s) {
      // a string in a boolean place is read as boolean input: WHERE 'true' (a bound text value)
      literalDependent = true;
      return Boolean.TRUE.equals(BoundParameters.booleanInput(s.getValue()));
    }
    if (e instanceof OrExpression or) {
      return alwaysTrue(or.getLeftExpression())
          || alwaysTrue(or.getRightExpression())
          || Complements.of(or.getLeftExpression(), or.getRightExpression(), this);
    }
    if (e instanceof AndExpression and) {
      return alwaysTrue(and.getLeftExpression()) && alwaysTrue(and.getRightExpression());
    }
    if (e instanceof NotExpression not) {
      return alwaysFalse(not.getExpression());
    }
    if (e instanceof CastExpression cast && isBooleanType(cast)) {
      Object v = constant(cast.getLeftExpression());
      if (v != null) {
        literalDependent = true;
        return Boolean.TRUE.equals(v) || v instanceof String str && isTrueText(str);
      }
    }
    if (e instanceof ParenthesedSelect sub && constantSelect(sub) != null) {
      return alwaysTrue(constantSelect(sub)); // (SELECT true)
    }
    if (e instanceof ExistsExpression exists
        && !exists.isNot()
        && exists.getRightExpression() instanceof ParenthesedSelect sub
        && sub.getSelect() instanceof PlainSelect ps
        && ps.getFromItem() == null
        && ps.getWhere() == null
        && ps.getHaving() == null) {
      return true; // EXISTS (SELECT 1): one row, no table, no condition
    }
    if (e instanceof Function f
        && f.getName() != null
        && f.getName().equalsIgnoreCase("coalesce")
        && f.getParameters() != null
        && !f.getParameters().isEmpty()) {
      return coalesceAlwaysTrue(f);
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
    if (e instanceof StringValue s) {
      literalDependent = true;
      return Boolean.FALSE.equals(BoundParameters.booleanInput(s.getValue()));
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

  /**
   * True when the condition's value depends on bound parameters only (no column, no function):
   * {@code $1}, {@code $1::int IS NOT NULL}, {@code $1 = $1}. Such a WHERE reaches all rows or none
   * depending on a value the statement text does not show.
   */
  static boolean parameterOnly(Expression e) {
    int[] params = new int[1];
    return parametersAndConstants(e, params) && params[0] > 0;
  }

  private static boolean parametersAndConstants(Expression e, int[] params) {
    e = unwrap(e);
    if (e instanceof JdbcParameter || e instanceof JdbcNamedParameter) {
      params[0]++;
      return true;
    }
    if (constant(e) != null) {
      return true;
    }
    if (e instanceof CastExpression c) {
      return parametersAndConstants(c.getLeftExpression(), params);
    }
    if (e instanceof NotExpression n) {
      return parametersAndConstants(n.getExpression(), params);
    }
    if (e instanceof IsNullExpression n) {
      return parametersAndConstants(n.getLeftExpression(), params);
    }
    if (e instanceof IsBooleanExpression b) {
      return parametersAndConstants(b.getLeftExpression(), params);
    }
    if (e instanceof BinaryExpression b) {
      return parametersAndConstants(b.getLeftExpression(), params)
          && parametersAndConstants(b.getRightExpression(), params);
    }
    return false;
  }

  /** The single expression of a FROM-less, WHERE-less one-item SELECT, or null. */
  private static Expression constantSelect(ParenthesedSelect sub) {
    if (sub.getSelect() instanceof PlainSelect ps
        && ps.getFromItem() == null
        && ps.getWhere() == null
        && ps.getHaving() == null
        && ps.getSelectItems() != null
        && ps.getSelectItems().size() == 1
        && ps.getSelectItems().get(0).getExpression() != null) {
      return ps.getSelectItems().get(0).getExpression();
    }
    return null;
  }

  /**
   * coalesce(a, b, …) is always true when every argument is NULL or always true, one of them true.
   */
  private boolean coalesceAlwaysTrue(Function f) {
    boolean anyTrue = false;
    for (Expression arg : f.getParameters()) {
      Object v = constant(arg);
      if (v == NULL) {
        literalDependent = true;
        continue;
      }
      if (!alwaysTrue(arg)) {
        return false;
      }
      anyTrue = true;
    }
    return anyTrue;
  }

  private static boolean isBooleanType(CastExpression c) {
    String t = c.getColDataType() == null ? "" : c.getColDataType().getDataType();
    return t.equalsIgnoreCase("boolean") || t.equalsIgnoreCase("bool");
  }

  /** PostgreSQL's boolean input: t, true, y, yes, on, 1 and their unique prefixes. */
  private static boolean isTrueText(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    return !v.isEmpty()
        && ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1"));
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

  static final Object NULL = new Object();

  /**
   * The value of a constant expression (BigDecimal, String or Boolean), NULL, or null if not
   * constant.
   */
  static Object constant(Expression e) {
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

  static Integer compare(Object l, Object r) {
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

  static boolean sameColumn(Expression a, Expression b) {
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

  static Expression unwrap(Expression e) {
    while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      e = p.get(0);
    }
    return e;
  }
}
