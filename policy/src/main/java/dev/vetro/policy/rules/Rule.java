package dev.vetro.policy.rules;

import java.util.Objects;

/**
 * One entry of the rule catalog. The examples are executable documentation: the catalog test
 * evaluates each failing example (it must fire this rule) and each passing example (it must not),
 * both as PostgreSQL, so the docs cannot drift from the behaviour.
 *
 * @param title short text; also the decision message, e.g. {@code DELETE without WHERE}
 * @param astNodePath the node path reported when the rule fires (nested statements prefix it)
 * @param enabledByDefault false for rules that are noise for most databases (VETRO-050)
 */
public record Rule(
    String code,
    String title,
    Severity severity,
    Category category,
    String rationale,
    String failingExample,
    String passingExample,
    String astNodePath,
    String suggestedFix,
    boolean enabledByDefault) {

  public Rule {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(category, "category");
    if (!code.startsWith("VETRO-")) {
      throw new IllegalArgumentException("rule codes start with VETRO-: " + code);
    }
  }

  /** Numeric part of {@code VETRO-NNN}, or -1 for the meta codes, so policies can name ranges. */
  public int number() {
    String tail = code.substring("VETRO-".length());
    return tail.chars().allMatch(Character::isDigit) ? Integer.parseInt(tail) : -1;
  }
}
