package dev.vetro.testkit;

import java.nio.file.Path;

/** Where a test server's files live under its temp directory. */
record ServerLayout(Path base) {
  Path dataDir() {
    return base.resolve("data");
  }

  Path socketDir() {
    return base.resolve("socket");
  }

  Path logFile() {
    return base.resolve("postgres.log");
  }

  Path tlsDir() {
    return base.resolve("tls");
  }

  Path caCertFile() {
    return tlsDir().resolve("ca.crt");
  }

  Path serverCertFile() {
    return tlsDir().resolve("server.crt");
  }

  Path serverKeyFile() {
    return tlsDir().resolve("server.key");
  }

  Path passwordFile() {
    return base.resolve("superuser.pw");
  }

  /** Client keys stay with the test user (root), not the server user: libpq checks the owner. */
  Path clientDir() {
    return base.resolve("clients");
  }

  Path ownerPidFile() {
    return base.resolve("owner.pid");
  }
}
