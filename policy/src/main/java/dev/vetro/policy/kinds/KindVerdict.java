package dev.vetro.policy.kinds;

import java.util.Objects;

/**
 * The verdict for one PostgreSQL raw-statement kind.
 *
 * @param kind the parse-node type name ({@code DropStmt}, {@code VariableSetStmt} …)
 * @param effect what statements of this kind do
 * @param defaultRule the rule every statement of this kind fires, or null when the kind is judged
 *     by its content instead (the reason says by what)
 * @param reason why this is the verdict: which grammar or rule judges the content, or why the kind
 *     is harmless
 */
public record KindVerdict(String kind, StatementEffect effect, String defaultRule, String reason) {

  public KindVerdict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(reason, "reason");
  }
}
