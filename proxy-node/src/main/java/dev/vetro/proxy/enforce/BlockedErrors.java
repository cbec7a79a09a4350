package dev.vetro.proxy.enforce;

import dev.vetro.policy.decision.Decision;
import dev.vetro.protocol.backend.ErrorResponse;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The error a client gets for a blocked statement: what PostgreSQL itself sends for a missing
 * privilege (severity ERROR, SQLSTATE 42501 insufficient_privilege), so drivers, ORMs and retry
 * logic treat it as an ordinary, non-retryable SQL error.
 */
public final class BlockedErrors {
  public static final String SEVERITY = "ERROR";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  private BlockedErrors() {}

  /**
   * {@code blocked by VETRO-001: DELETE without WHERE}, the node path as detail, the fix as hint.
   */
  public static ErrorResponse forDecision(Decision decision) {
    String code = decision.ruleCode() == null ? "VETRO" : decision.ruleCode();
    String message =
        decision.message() == null ? "statement not allowed by policy" : decision.message();
    ErrorResponse error =
        ErrorResponse.of(SEVERITY, INSUFFICIENT_PRIVILEGE, "blocked by " + code + ": " + message);
    if (decision.astNodePath() != null) {
      error =
          error.withDetail("Vetro rule " + code + " matched at " + decision.astNodePath() + ".");
    }
    if (decision.suggestedFix() != null) {
      error = error.withHint(decision.suggestedFix());
    }
    return error;
  }

  /**
   * Wire bytes in the client's encoding: the client reads the server's errors in client_encoding,
   * so ours must be too (a rule title's "…" is not LATIN1; unmappable characters become '?').
   */
  public static ByteString encode(ErrorResponse error, Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8)) {
      return error.encode();
    }
    ByteStringBuilder body = new ByteStringBuilder();
    error
        .fields()
        .forEach(
            (code, value) ->
                body.putByte((byte) code.charValue())
                    .putBytes(value.getBytes(charset))
                    .putByte((byte) 0));
    body.putByte((byte) 0);
    ByteStringBuilder message = new ByteStringBuilder();
    message
        .putByte(ErrorResponse.TYPE)
        .putInt(4 + body.length(), ByteOrder.BIG_ENDIAN)
        .append(body.result());
    return message.result();
  }

  /**
   * For a sentinel error the proxy cannot match to a decision any more. It should not happen; if it
   * does, the client still must never see the sentinel's syntax error.
   */
  public static ErrorResponse unmatched() {
    return ErrorResponse.of(
        SEVERITY, INSUFFICIENT_PRIVILEGE, "blocked by Vetro: statement not allowed by policy");
  }
}
