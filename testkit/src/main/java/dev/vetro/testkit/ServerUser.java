package dev.vetro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OS user that runs servers. PostgreSQL and pgbouncer refuse to run as root, so when the tests
 * run as root the servers run as {@code postgres} through {@code runuser}, and the files they read
 * are handed to that user. As any other user, servers simply run as that user.
 */
final class ServerUser {
  static final String POSTGRES = "postgres";

  private ServerUser() {}

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Prefixes {@code command} with {@code runuser -u postgres --} when we are root. */
  static List<String> wrap(List<String> command) {
    if (!runningAsRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", POSTGRES, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives {@code path} (and, for a directory, everything under it) to the server user. */
  static void own(Path path) {
    if (!runningAsRoot()) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookupUser(lookup);
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(POSTGRES);
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot chown " + path + " to the '" + POSTGRES + "' user", e);
    }
  }

  private static UserPrincipal lookupUser(UserPrincipalLookupService lookup) throws IOException {
    try {
      return lookup.lookupPrincipalByName(POSTGRES);
    } catch (IOException e) {
      throw new IOException(
          "the OS user '"
              + POSTGRES
              + "' does not exist; it comes with the "
              + "postgresql-15 Debian package (testkit/bin/install-test-deps installs it)",
          e);
    }
  }

  static void chmod(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot chmod " + permissions + " " + path, e);
    }
  }

  /** Deletes a tree, ignoring what has already gone. */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // A file the server is still writing; the next start's sweep removes it.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Same: leftovers are swept by StaleServers.
    }
  }
}
