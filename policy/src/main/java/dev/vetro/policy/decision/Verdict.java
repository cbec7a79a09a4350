package dev.vetro.policy.decision;

/** The outcome for a request. Ordered from harmless to worst so the worst statement wins. */
public enum Verdict {
  ALLOWED,
  FLAGGED,
  BLOCKED;

  public Verdict worst(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
