package dev.vetro.policy.cli;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.PolicyException;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.Redactor;
import dev.vetro.policy.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code vetro check [--dialect postgres|mysql] [--policy FILE] [--format text|json|sarif] PATH…|-}
 * Exit 0 when nothing is blocked, 1 when something is, 2 on usage or I/O errors.
 */
public final class CheckCommand {

  static final String USAGE =
      "usage: vetro check [--dialect postgres|mysql] [--policy FILE] "
          + "[--format text|json|sarif] PATH...|-";

  private CheckCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    Dialect dialect = Dialect.POSTGRES;
    String format = "text";
    CompiledPolicy policy = Policy.defaults().compile();
    List<String> paths = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--dialect" ->
              dialect =
                  switch (value(args, ++i, a).toLowerCase(Locale.ROOT)) {
                    case "postgres", "postgresql" -> Dialect.POSTGRES;
                    case "mysql" -> Dialect.MYSQL;
                    default -> throw new UsageException("--dialect must be postgres or mysql");
                  };
          case "--policy" ->
              policy =
                  Policy.fromJson(
                          Files.readString(Path.of(value(args, ++i, a)), StandardCharsets.UTF_8))
                      .compile();
          case "--format" -> {
            format = value(args, ++i, a);
            if (!List.of("text", "json", "sarif").contains(format)) {
              throw new UsageException("--format must be text, json or sarif");
            }
          }
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("--")) {
              throw new UsageException("unknown option " + a);
            }
            paths.add(a);
          }
        }
      }
      if (paths.isEmpty()) {
        throw new UsageException("no PATH given (use - for stdin)");
      }
      List<Input> inputs = new ArrayList<>();
      for (String p : paths) {
        collect(p, stdin, inputs);
      }
      List<CheckResult> results = check(inputs, dialect, policy);
      out.print(
          switch (format) {
            case "json" -> PlainReports.json(results) + "\n";
            case "sarif" -> SarifReport.render(results) + "\n";
            default -> PlainReports.text(results);
          });
      return results.stream().anyMatch(r -> r.decision() == Verdict.BLOCKED) ? 1 : 0;
    } catch (UsageException e) {
      err.println("vetro check: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (PolicyException e) {
      err.println("vetro check: bad policy: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("vetro check: cannot read " + e.getMessage());
      return 2;
    }
  }

  private record Input(String uri, String text) {}

  private static void collect(String p, InputStream stdin, List<Input> inputs) throws IOException {
    if (p.equals("-")) {
      inputs.add(new Input("-", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
      return;
    }
    Path path = Path.of(p);
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files =
            walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql"))
                .sorted()
                .toList();
      }
      for (Path f : files) {
        inputs.add(new Input(uri(f), Files.readString(f, StandardCharsets.UTF_8)));
      }
    } else if (Files.isRegularFile(path)) {
      inputs.add(new Input(uri(path), Files.readString(path, StandardCharsets.UTF_8)));
    } else {
      throw new IOException(p + ": no such file or directory");
    }
  }

  /** Relative to the working directory when inside it, with forward slashes, as SARIF wants. */
  private static String uri(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    return shown.toString().replace('\\', '/');
  }

  private static List<CheckResult> check(
      List<Input> inputs, Dialect dialect, CompiledPolicy policy) {
    PolicyEngine engine = PolicyEngine.create(EngineOptions.defaults());
    EvalContext ctx =
        dialect == Dialect.POSTGRES ? EvalContext.postgres(null) : EvalContext.mysql(null);
    List<CheckResult> results = new ArrayList<>();
    for (Input in : inputs) {
      String[] lines = in.text().split("\r?\n", -1);
      Set<String> created = new HashSet<>();
      boolean inTransaction = false;
      for (PolicyEngine.Analysed a : engine.analyse(in.text(), ctx)) {
        Decision d = engine.decideStatement(a, inTransaction, ctx, policy, created);
        inTransaction = transactionState(a, inTransaction);
        results.add(
            result(in.uri(), a, d, InlineIgnores.before(lines, a.statement().line()), policy));
      }
    }
    return results;
  }

  /** Tracks BEGIN … COMMIT in a migration file, for VETRO-027. */
  private static boolean transactionState(PolicyEngine.Analysed a, boolean inTransaction) {
    if (!a.analysis().kind().equals("TransactionStmt") || a.statement().tokens().isEmpty()) {
      return inTransaction;
    }
    String first = a.statement().tokens().get(0).text(a.statement().sql()).toLowerCase(Locale.ROOT);
    return switch (first) {
      case "begin", "start" -> true;
      case "commit", "end", "abort" -> false;
      // ROLLBACK TO [SAVEPOINT] stays inside the block; a plain ROLLBACK ends it
      case "rollback" ->
          a.statement().tokens().size() > 1
              && a.statement().tokens().get(1).isWord(a.statement().sql(), "to")
              && inTransaction;
      default -> inTransaction;
    };
  }

  private static CheckResult result(
      String uri,
      PolicyEngine.Analysed a,
      Decision d,
      InlineIgnores.Directive ignore,
      CompiledPolicy policy) {
    List<Violation> kept = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (Violation v : d.violations()) {
      if (ignore != null && ignore.reason() != null && ignore.codes().contains(v.code())) {
        ignored.add(v.code());
      } else {
        kept.add(v);
      }
    }
    if (ignore != null && ignore.reason() == null) {
      var rule = RuleCatalog.get(RuleCatalog.IGNORE_NO_REASON);
      kept.add(
          new Violation(
              rule.code(),
              rule.severity().jsonName(),
              rule.astNodePath(),
              rule.title() + " (" + String.join(", ", ignore.codes()) + ")",
              0,
              Verdict.FLAGGED,
              rule.suggestedFix()));
    }
    Verdict v = Verdict.ALLOWED;
    for (Violation k : kept) {
      v = v.worst(k.action());
    }
    if (policy.mode() == CompiledPolicy.Mode.OBSERVE && v == Verdict.BLOCKED) {
      v = Verdict.FLAGGED;
    }
    return new CheckResult(
        uri,
        a.statement().line(),
        a.statement().column(),
        Redactor.redact(a.statement()),
        v,
        a.fingerprint().hex(),
        kept,
        ignored,
        d.locks());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String m) {
      super(m);
    }
  }
}
