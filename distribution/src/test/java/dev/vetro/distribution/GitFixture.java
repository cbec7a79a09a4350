package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.testkit.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A project repository as CI sees it: a branch {@code base} with a first migration, then a change
 * adding a harmless migration and one dangerous file ({@code DELETE FROM users}).
 */
final class GitFixture {

  final Path dir;

  GitFixture(Path dir) throws IOException {
    this.dir = dir;
    git("init", "-q");
    write("db/migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    write("db/migrations/legacy_cleanup.sql", "DROP TABLE old_users;\n"); // merged long ago
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    git("branch", "base");
    // a careful migration: a lock_timeout before DDL on an existing table (VETRO-107 otherwise)
    write(
        "db/migrations/002_email.sql",
        "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN email text;\n");
    write("db/migrations/003_cleanup.sql", "-- tidy up\nDELETE FROM users;\n");
    write("docs/readme.txt", "DROP TABLE users;\n");
    git("add", "-A");
    git("commit", "-q", "-m", "feature");
  }

  void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** Takes the dangerous file back out, in a new commit. */
  void removeDangerousFile() {
    git("rm", "-q", "db/migrations/003_cleanup.sql");
    git("commit", "-q", "-m", "no cleanup");
  }

  String sha(String rev) {
    return git("rev-parse", rev).strip();
  }

  String git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=ci@example.org"));
    cmd.addAll(List.of("-c", "user.name=ci", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    ProcessRunner.Result r =
        ProcessRunner.of(cmd).directory(dir).timeout(Duration.ofMinutes(1)).run();
    assertEquals(0, r.exitCode(), r.describe());
    return r.stdout();
  }
}
