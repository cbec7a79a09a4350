package dev.vetro.proxy.policycache;

import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code VETRO_POLICY_FILE}: polled, not watched, because inotify misses edits through bind mounts
 * and ConfigMap symlink swaps; the mtime and size are the ETag, so an unchanged file is not even
 * read.
 */
public final class FilePolicyFetcher implements PolicyFetcher {
  /**
   * A policy is a few KiB; anything this big is the wrong file, and must not be read into memory.
   */
  static final long MAX_BYTES = 4L << 20;

  private final Path file;
  private final Executor blocking;

  public FilePolicyFetcher(Path file, Executor blocking) {
    this.file = file;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<FetchOutcome> fetch(String knownEtag) {
    return CompletableFuture.supplyAsync(() -> fetchNow(knownEtag), blocking);
  }

  /**
   * Synchronous form, used once at start so a broken file fails the start instead of being skipped.
   */
  public FetchOutcome fetchNow(String knownEtag) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return new FetchOutcome.Failed(describe() + " is not a regular file");
      }
      if (attrs.size() > MAX_BYTES) {
        return new FetchOutcome.Failed(
            describe() + " is " + attrs.size() + " bytes; a policy is at most " + MAX_BYTES);
      }
      String etag = attrs.lastModifiedTime().toMillis() + "-" + attrs.size();
      if (etag.equals(knownEtag)) {
        return new FetchOutcome.NotModified(describe());
      }
      String json = Files.readString(file, StandardCharsets.UTF_8);
      Policy.fromJson(json); // validate here: a bad file must never replace a good policy
      return new FetchOutcome.Fetched(json, etag, describe());
    } catch (PolicyException e) {
      return new FetchOutcome.Failed(describe() + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new FetchOutcome.Failed(describe() + ": cannot read: " + e);
    }
  }

  @Override
  public String describe() {
    return "file:" + file.toAbsolutePath().normalize();
  }
}
