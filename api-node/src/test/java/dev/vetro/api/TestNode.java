package dev.vetro.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One api node on an H2 data directory, shared by the test classes of this JVM (a start costs
 * seconds on a loaded 2-core machine). Tests that need their own node (restart tests) start one.
 */
public final class TestNode {
  private static ApiServer.Handle shared;
  private static Tenant tenantA;
  private static Tenant tenantB;

  private TestNode() {}

  public static synchronized ApiServer.Handle shared() {
    if (shared == null) {
      shared = ApiServer.start(ApiConfig.embedded(tempDir("vetro-api-shared")));
      ApiServer.Handle h = shared;
      // one hook, in order: the node must let go of its H2 file before the directories go
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    h.shutdown();
                    TEMP_DIRS.forEach(TestNode::deleteTree);
                  }));
    }
    return shared;
  }

  public static ApiClient client() {
    return new ApiClient(shared().boundPort());
  }

  /** Two workspaces made once (registration costs two PBKDF2 runs): tenancy tests need both. */
  public static synchronized Tenant tenantA() {
    if (tenantA == null) {
      tenantA = Tenant.create(client(), "tenant-a");
    }
    return tenantA;
  }

  public static synchronized Tenant tenantB() {
    if (tenantB == null) {
      tenantB = Tenant.create(client(), "tenant-b");
    }
    return tenantB;
  }

  private static final java.util.List<Path> TEMP_DIRS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    // when no shared node ran (a single test class), nobody else cleans up
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (shared == null) {
                    TEMP_DIRS.forEach(TestNode::deleteTree);
                  }
                }));
  }

  /** Deleted when the JVM exits (after the shared node stopped). */
  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      TEMP_DIRS.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit: a leftover temp dir is not worth failing the build for
    }
  }
}
