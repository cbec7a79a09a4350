package dev.vetro.policy.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code vetro check --changed [BASE]}: the SQL files a change adds or modifies, asked of git. The
 * change is everything since the merge base of BASE and HEAD — committed, staged, unstaged and new
 * untracked files — so the same command serves a pull request ({@code --changed origin/main}) and a
 * developer before committing ({@code --changed}, BASE defaulting to HEAD). Deleted files are not
 * checked: there is nothing left to run.
 */
final class ChangedFiles {

  static final String DEFAULT_BASE = "HEAD";

  private ChangedFiles() {}

  /** True when {@code arg} names a commit in the repository of {@code dir}. */
  static boolean isRevision(Path dir, String arg) {
    if (arg.startsWith("-")) {
      return false;
    }
    try {
      return git(dir, "rev-parse", "--verify", "--quiet", arg + "^{commit}").exit == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @return changed {@code .sql} files as absolute paths, sorted, existing in the work tree
   * @throws IOException when git is missing, {@code dir} is not in a repository or BASE is unknown
   */
  static List<Path> since(Path dir, String base) throws IOException {
    Path top = Path.of(ok(git(dir, "rev-parse", "--show-toplevel"), "not a git work tree").strip());
    String mergeBase =
        ok(git(dir, "merge-base", base, "HEAD"), "unknown git base '" + base + "'").strip();
    Set<String> names = new LinkedHashSet<>();
    names.addAll(
        split(
            ok(
                git(
                    top,
                    "diff",
                    "--name-only",
                    "-z",
                    "--no-renames",
                    "--diff-filter=ACMRT",
                    mergeBase,
                    "--"),
                "git diff failed")));
    names.addAll(
        split(
            ok(
                git(top, "ls-files", "-z", "--others", "--exclude-standard"),
                "git ls-files failed")));
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      Path p = top.resolve(n).normalize();
      if (n.endsWith(".sql") && java.nio.file.Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> split(String z) {
    List<String> out = new ArrayList<>();
    for (String s : z.split("\0")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private record Run(int exit, String out, String err) {}

  private static String ok(Run r, String what) throws IOException {
    if (r.exit != 0) {
      throw new IOException(what + (r.err.isBlank() ? "" : ": " + r.err.strip()));
    }
    return r.out;
  }

  private static Run git(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    p.getOutputStream().close();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain =
        new Thread(
            () -> {
              try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
              } catch (IOException ignored) {
                // the exit code tells what happened
              }
            });
    drain.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("git " + args[0] + " did not finish within 60 s");
      }
      drain.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running git", e);
    }
    return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
  }
}
