package dev.vetro.policy.cli;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.PolicyException;
import dev.vetro.policy.check.CheckInput;
import dev.vetro.policy.check.CheckPipeline;
import dev.vetro.policy.check.CheckReport;
import dev.vetro.policy.check.CodeQualityWriter;
import dev.vetro.policy.check.SarifWriter;
import dev.vetro.policy.lexer.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code vetro check [--dialect postgres|mysql] [--policy FILE] [--format text|json|sarif|gitlab]
 * [--changed [BASE]] PATH…|-}. Exit 0 when nothing is blocked, 1 when something is, 2 on usage or
 * I/O errors. The checking itself is {@link CheckPipeline}, the same as the HTTP API's {@code
 * ci/check}.
 */
public final class CheckCommand {

  static final String USAGE =
      "usage: vetro check [--dialect postgres|mysql] [--policy FILE] "
          + "[--format text|json|sarif|gitlab] [--changed [BASE]] PATH...|-";

  private static final List<String> FORMATS = List.of("text", "json", "sarif", "gitlab");

  private CheckCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    return run(args, Path.of("").toAbsolutePath(), stdin, out, err);
  }

  /**
   * As {@link #run(String[], InputStream, PrintStream, PrintStream)}, from directory {@code cwd}.
   */
  static int run(String[] args, Path cwd, InputStream stdin, PrintStream out, PrintStream err) {
    Dialect dialect = Dialect.POSTGRES;
    String format = "text";
    CompiledPolicy policy = Policy.defaults().compile();
    List<String> paths = new ArrayList<>();
    String changedBase = null;
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
                          Files.readString(
                              cwd.resolve(value(args, ++i, a)), StandardCharsets.UTF_8))
                      .compile();
          case "--format" -> {
            format = value(args, ++i, a);
            if (!FORMATS.contains(format)) {
              throw new UsageException("--format must be text, json, sarif or gitlab");
            }
          }
          case "--changed" -> {
            // BASE is optional: the next argument is taken only when git knows it as a commit
            if (i + 1 < args.length && ChangedFiles.isRevision(cwd, args[i + 1])) {
              changedBase = args[++i];
            } else {
              changedBase = ChangedFiles.DEFAULT_BASE;
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
      List<CheckInput> inputs = new ArrayList<>();
      if (changedBase != null) {
        changed(cwd, changedBase, paths, inputs);
      } else {
        if (paths.isEmpty()) {
          throw new UsageException("no PATH given (use - for stdin)");
        }
        for (String p : paths) {
          collect(cwd, p, stdin, inputs);
        }
      }
      EvalContext ctx =
          dialect == Dialect.POSTGRES ? EvalContext.postgres(null) : EvalContext.mysql(null);
      CheckReport report =
          new CheckPipeline(PolicyEngine.create(EngineOptions.defaults())).run(inputs, ctx, policy);
      out.print(
          switch (format) {
            case "json" -> PlainReports.json(report) + "\n";
            case "sarif" -> SarifWriter.render(report) + "\n";
            case "gitlab" -> CodeQualityWriter.render(report) + "\n";
            default -> PlainReports.text(report);
          });
      return report.passed() ? 0 : 1;
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

  /** Changed SQL files, limited to the PATHs when some are given. */
  private static void changed(Path cwd, String base, List<String> paths, List<CheckInput> inputs)
      throws IOException {
    Path real = cwd.toRealPath(); // git reports the real path of the work tree
    List<Path> roots = new ArrayList<>();
    for (String p : paths) {
      if (p.equals("-")) {
        throw new UsageException("--changed reads files from git, not stdin");
      }
      roots.add(real.resolve(p).normalize());
    }
    for (Path f : ChangedFiles.since(real, base)) {
      if (roots.isEmpty() || roots.stream().anyMatch(f::startsWith)) {
        inputs.add(new CheckInput(uri(real, f), Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
  }

  private static void collect(Path cwd, String p, InputStream stdin, List<CheckInput> inputs)
      throws IOException {
    if (p.equals("-")) {
      inputs.add(new CheckInput("-", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
      return;
    }
    Path path = cwd.resolve(p);
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files =
            walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql"))
                .sorted()
                .toList();
      }
      for (Path f : files) {
        inputs.add(new CheckInput(uri(cwd, f), Files.readString(f, StandardCharsets.UTF_8)));
      }
    } else if (Files.isRegularFile(path)) {
      inputs.add(new CheckInput(uri(cwd, path), Files.readString(path, StandardCharsets.UTF_8)));
    } else {
      throw new IOException(p + ": no such file or directory");
    }
  }

  /** Relative to the working directory when inside it, with forward slashes, as SARIF wants. */
  private static String uri(Path cwd, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    return shown.toString().replace('\\', '/');
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
