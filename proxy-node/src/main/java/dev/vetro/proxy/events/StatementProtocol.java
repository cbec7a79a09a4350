package dev.vetro.proxy.events;

/**
 * How a judged request reached the proxy: the {@code protocol} of a decision event. The labels are
 * what the event JSON carries (api-node stores them as given).
 */
public enum StatementProtocol {
  /** A Query message (simple protocol). */
  SIMPLE("simple"),
  /** A Parse, or a Bind of a statement judged again after a policy change (extended protocol). */
  EXTENDED("extended"),
  /** A FunctionCall (fast path), judged as the SQL call it stands for. */
  FUNCTION_CALL("function-call"),
  /** A replication startup, judged as rule VETRO-071. */
  REPLICATION("replication");

  private final String label;

  StatementProtocol(String label) {
    this.label = label;
  }

  /** The label in the event JSON. */
  public String label() {
    return label;
  }
}
