package dev.vetro.policy.rules;

/** How bad a rule's finding is; the policy maps each severity to an action. Ordered worst first. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  META;

  public boolean worseThan(Severity other) {
    return ordinal() < other.ordinal();
  }

  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
