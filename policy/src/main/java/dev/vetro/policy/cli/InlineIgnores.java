package dev.vetro.policy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -- vetro:ignore VETRO-015[,VETRO-016] <reason>} on the line right before a statement. An
 * ignore without a reason does not take effect: it is reported instead (VETRO-IGNORE-NO-REASON),
 * because an unexplained suppression is exactly what a reviewer cannot judge.
 */
final class InlineIgnores {

  /**
   * @param codes upper-cased rule codes; {@code reason} null when missing
   */
  record Directive(List<String> codes, String reason) {}

  private static final Pattern DIRECTIVE =
      Pattern.compile(
          "^\\s*--\\s*vetro:ignore\\s+((?:VETRO-[A-Z0-9-]+)(?:\\s*,\\s*VETRO-[A-Z0-9-]+)*)\\s*(.*)$",
          Pattern.CASE_INSENSITIVE);

  private InlineIgnores() {}

  /** The directive on the line before {@code statementLine} (1-based), or null. */
  static Directive before(String[] lines, int statementLine) {
    int idx = statementLine - 2;
    if (idx < 0 || idx >= lines.length) {
      return null;
    }
    Matcher m = DIRECTIVE.matcher(lines[idx]);
    if (!m.matches()) {
      return null;
    }
    List<String> codes = new ArrayList<>();
    for (String c : m.group(1).split(",")) {
      codes.add(c.trim().toUpperCase(Locale.ROOT));
    }
    String reason = m.group(2).trim();
    return new Directive(codes, reason.isEmpty() ? null : reason);
  }
}
