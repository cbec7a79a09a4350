package dev.vetro.proxy.enforce;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stand-ins sent upstream in place of blocked messages. A sentinel is a bare identifier, {@code
 * vetro_blocked_<nonce>_<n>}: PostgreSQL rejects it in its raw parser, before any lookup, lock or
 * side effect, even in an aborted transaction, and names it in the syntax error, so the error is
 * recognisable on the way back. The nonce is random per session and never reaches the client (its
 * errors are rewritten), so a client cannot forge an error the proxy would take for a sentinel's;
 * the PostgreSQL server log, though, shows it, which tells a DBA where a block hit.
 */
public final class Sentinels {
  /** syntax_error: what the raw parser reports for a sentinel. */
  static final String SYNTAX_ERROR = "42601";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;
  private long next;

  public Sentinels() {
    byte[] nonce = new byte[8];
    RANDOM.nextBytes(nonce);
    this.prefix = "vetro_blocked_" + HexFormat.of().formatHex(nonce) + "_";
  }

  /** A new sentinel text; only the frontend stage calls this. */
  public String next() {
    return prefix + (++next);
  }

  /** True when the backend error is the parse failure of one of this session's sentinels. */
  boolean isSentinelError(ServerError error) {
    String message = error.message();
    return SYNTAX_ERROR.equals(error.sqlState()) && message != null && message.contains(prefix);
  }

  /** Whether {@code error} is the failure of exactly this sentinel. */
  static boolean failureOf(ServerError error, String sentinel) {
    String message = error.message();
    if (message == null) {
      return false;
    }
    int at = message.indexOf(sentinel);
    // "…_1" must not match the error of "…_12"
    int end = at + sentinel.length();
    return at >= 0
        && (end == message.length()
            || !Character.isLetterOrDigit(message.charAt(end)) && message.charAt(end) != '_');
  }

  String prefix() {
    return prefix;
  }
}
