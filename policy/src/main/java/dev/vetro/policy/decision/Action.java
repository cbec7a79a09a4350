package dev.vetro.policy.decision;

import java.util.Locale;

/** What a policy does with a finding. */
public enum Action {
  BLOCK,
  FLAG,
  ALLOW;

  public Verdict verdict() {
    return switch (this) {
      case BLOCK -> Verdict.BLOCKED;
      case FLAG -> Verdict.FLAGGED;
      case ALLOW -> Verdict.ALLOWED;
    };
  }

  public static Action parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("action must be block, flag or allow, not '" + text + "'");
    }
  }
}
