package dev.vetro.policy.check;

import java.util.Objects;

/**
 * One file to check.
 *
 * @param path as the caller names it (relative paths stay relative); "-" for stdin
 * @param content the file's text
 */
public record CheckInput(String path, String content) {
  public CheckInput {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
  }
}
