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
            Runtime.getRuntime().addShutdownHook(new Thread(h::shutdown));
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

    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
