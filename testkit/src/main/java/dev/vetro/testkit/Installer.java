package dev.vetro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * apt-get and npm installs behind one lock file. Several test JVMs (surefire forks, modules built
 * side by side) can ask for psql at once; apt would fail on its own dpkg lock, and two npm installs
 * into one directory corrupt it. The check is repeated under the lock, so only the first JVM
 * installs.
 */
final class Installer {
  private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Object JVM_LOCK = new Object();

  private Installer() {}

  static void ensure(BooleanSupplier present, List<String> debianPackages, String what) {
    if (present.getAsBoolean()) {
      return;
    }
    locked(
        () -> {
          if (present.getAsBoolean()) {
            return;
          }
          ProcessRunner.Result install = apt("install", debianPackages);
          if (!install.succeeded()) {
            // A fresh container has empty package lists; refresh once and try again.
            ProcessRunner.Result update = apt("update", List.of());
            install = apt("install", debianPackages);
            if (!install.succeeded()) {
              throw new IllegalStateException(
                  "cannot install "
                      + what
                      + " (Debian packages "
                      + debianPackages
                      + "); run testkit/bin/install-test-deps as root.\n"
                      + update.describe()
                      + "\n"
                      + install.describe());
            }
          }
          if (!present.getAsBoolean()) {
            throw new IllegalStateException(
                "installed "
                    + debianPackages
                    + " but "
                    + what
                    + " is still missing:\n"
                    + install.describe());
          }
        });
  }

  static void ensureNpmPackage(Path directory, String spec, BooleanSupplier present) {
    if (present.getAsBoolean()) {
      return;
    }
    locked(
        () -> {
          if (present.getAsBoolean()) {
            return;
          }
          try {
            Files.createDirectories(directory);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
          }
          Path npm = Tools.findOnPath("npm");
          if (npm == null) {
            throw new IllegalStateException(
                "npm is missing; cannot install " + spec + " into " + directory);
          }
          ProcessRunner.Result result =
              ProcessRunner.of(
                      npm.toString(),
                      "install",
                      "--no-audit",
                      "--no-fund",
                      "--no-save",
                      "--prefix",
                      directory.toString(),
                      spec)
                  .directory(directory)
                  .timeout(NPM_TIMEOUT)
                  .run();
          if (!result.succeeded() || !present.getAsBoolean()) {
            throw new IllegalStateException(
                "cannot install the npm package "
                    + spec
                    + " into "
                    + directory
                    + ":\n"
                    + result.describe());
          }
        });
  }

  private static ProcessRunner.Result apt(String verb, List<String> packages) {
    List<String> command = new ArrayList<>();
    if (!ServerUser.runningAsRoot()) {
      command.addAll(List.of("sudo", "-n"));
    }
    // Waits for dpkg's lock instead of failing when install-test-deps or another apt runs.
    command.addAll(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q"));
    if (verb.equals("install")) {
      command.add("--no-install-recommends");
    }
    command.add(verb);
    command.addAll(packages);
    return ProcessRunner.of(command)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .timeout(APT_TIMEOUT)
        .run();
  }

  private static void locked(Runnable body) {
    synchronized (JVM_LOCK) {
      Path lockFile = Tools.cacheDir().resolve("install.lock");
      try {
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          FileLock lock = channel.lock();
          try {
            body.run();
          } finally {
            lock.release();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + lockFile, e);
      }
    }
  }
}
