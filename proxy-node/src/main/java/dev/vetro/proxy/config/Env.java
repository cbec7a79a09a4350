package dev.vetro.proxy.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment as the proxy reads it: every lookup names its variable, so a bad value becomes a
 * {@link ConfigException} that says which variable and why (exit 2 at start), never a surprise
 * later. Empty values count as unset, as a shell's {@code FOO= cmd} usually means "use the
 * default".
 */
final class Env {
  private final Map<String, String> vars;

  Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** The raw variables, for readers in other modules (cluster-config) that name their own. */
  Map<String, String> vars() {
    return vars;
  }

  Optional<String> text(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  int integer(String name, int fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "='" + value.get() + "' is not a whole number");
    }
  }

  int nonNegative(String name, int fallback) {
    int v = integer(name, fallback);
    if (v < 0) {
      throw new ConfigException(name + "=" + v + ": must not be negative");
    }
    return v;
  }

  int positive(String name, int fallback) {
    int v = nonNegative(name, fallback);
    if (v == 0) {
      throw new ConfigException(name + "=0: must be at least 1");
    }
    return v;
  }

  boolean bool(String name, boolean fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default ->
          throw new ConfigException(
              name + "='" + value.get() + "' is not a boolean (true or false)");
    };
  }

  Optional<Path> readableFile(String name) {
    Optional<Path> path = text(name).map(Path::of);
    if (path.isPresent() && !Files.isReadable(path.get())) {
      throw new ConfigException(
          name + "=" + path.get() + ": file does not exist or is not readable");
    }
    return path;
  }
}
