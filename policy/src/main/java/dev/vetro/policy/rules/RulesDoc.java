package dev.vetro.policy.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generates docs/rules.md from the catalog, so the documentation is the catalog. A test fails when
 * the committed file differs. Regenerate from the repository root with: {@code mvn -B -q -o -pl
 * policy compile && java -cp policy/target/classes dev.vetro.policy.rules.RulesDoc docs/rules.md}
 */
public final class RulesDoc {

  public static final String REGENERATE =
      "mvn -B -q -o -pl policy compile && "
          + "java -cp policy/target/classes dev.vetro.policy.rules.RulesDoc docs/rules.md";

  private RulesDoc() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/rules.md");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Vetro rule catalog\n\n");
    b.append("<!-- GENERATED from dev.vetro.policy.rules.RuleCatalog; do not edit. Regenerate: `")
        .append(REGENERATE)
        .append("` -->\n\n");
    b.append("Codes are stable. Severity maps to an action through the database's policy ")
        .append("(default: critical/high → block, medium → flag, low → allow). ")
        .append(
            "Every failing example below is tested to fire its rule, every passing example not to.\n\n");
    b.append("| code | severity | category | title |\n|---|---|---|---|\n");
    for (Rule r : RuleCatalog.all()) {
      b.append("| [")
          .append(r.code())
          .append("](#")
          .append(r.code().toLowerCase(Locale.ROOT))
          .append(") | ")
          .append(r.severity().jsonName())
          .append(" | ")
          .append(r.category().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(r.title())
          .append(r.enabledByDefault() ? "" : " (off by default)")
          .append(" |\n");
    }
    for (Rule r : RuleCatalog.all()) {
      b.append("\n## ").append(r.code()).append("\n\n");
      b.append("**")
          .append(r.title())
          .append("** — ")
          .append(r.severity().jsonName())
          .append(", ")
          .append(r.category().name().toLowerCase(Locale.ROOT))
          .append(r.enabledByDefault() ? "" : ", off by default")
          .append("\n\n");
      b.append(r.rationale()).append("\n\n");
      b.append("- AST node path: `").append(r.astNodePath()).append("`\n");
      if (r.failingExample() != null) {
        b.append("- Fires on: `").append(r.failingExample()).append("`\n");
      }
      if (r.passingExample() != null) {
        b.append("- Does not fire on: `").append(r.passingExample()).append("`\n");
      }
      b.append("- Suggested fix: ").append(r.suggestedFix()).append('\n');
    }
    b.append("\n## Parity with squawk and Atlas\n\n");
    b.append("Every squawk rule and every destructive, data-dependent or backward-incompatible ")
        .append("Atlas analyzer, with the Vetro rule of the same intent (tested to fire on the ")
        .append("example) or why Vetro has none.\n\n");
    b.append("| tool | rule | Vetro | example | note |\n|---|---|---|---|---|\n");
    for (LinterParity.Row row : LinterParity.ROWS) {
      b.append("| ")
          .append(row.tool())
          .append(" | ")
          .append(row.rule())
          .append(" | ")
          .append(row.vetro() == null ? "—" : row.vetro())
          .append(" | ")
          .append(row.example() == null ? "" : "`" + row.example() + "`")
          .append(" | ")
          .append(row.note())
          .append(" |\n");
    }
    return b.toString();
  }
}
