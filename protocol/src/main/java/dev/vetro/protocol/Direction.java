package dev.vetro.protocol;

/**
 * Who sends the typed messages being scanned. Each side has its own set of type bytes; a byte
 * outside that set means the stream is garbage or desynchronised, and passing it on would let the
 * server interpret bytes the firewall never judged.
 */
public enum Direction {
  FRONTEND("frontend", "BCdcfDEHFpPQSX"),
  BACKEND("backend", "RK23CdcGHWDIEVvnNAtS1sZT");

  private final String label;
  private final boolean[] valid = new boolean[256];

  Direction(String label, String types) {
    this.label = label;
    for (char c : types.toCharArray()) {
      valid[c] = true;
    }
  }

  public boolean isValidType(byte type) {
    return valid[type & 0xFF];
  }

  /** "frontend" or "backend", as used in error messages. */
  public String label() {
    return label;
  }
}
