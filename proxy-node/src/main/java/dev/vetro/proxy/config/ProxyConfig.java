package dev.vetro.proxy.config;

import dev.vetro.cluster.ClusterConfigException;
import dev.vetro.cluster.ClusterSettings;
import dev.vetro.cluster.NodeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a proxy node needs to run, already validated: a constructed config never fails later
 * for a reason the operator could have been told at start. {@link #fromEnv} is the one place the
 * environment is read (the variable names are the public interface, see the README); everything
 * below gets its settings handed down from here.
 *
 * @param directRelay plain sessions (no TLS on either hop) leave the stream for the direct relay
 *     ({@code VETRO_PROXY_DIRECT_RELAY}); false keeps them on the stream relay
 * @param eventLoops threads that run client connections ({@code VETRO_PROXY_EVENT_LOOPS})
 * @param clientLimits timeouts and the connection limit that bound what a client can hold
 */
public record ProxyConfig(
    String listenHost,
    int listenPort,
    String upstreamHost,
    int upstreamPort,
    UpstreamSslMode upstreamSslMode,
    Optional<Path> upstreamRootCert,
    Optional<Path> upstreamClientCert,
    Optional<Path> upstreamClientKey,
    ClientTlsMode clientTlsMode,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    int maxMessageBytes,
    Duration shutdownDrain,
    Duration upstreamConnectTimeout,
    boolean directRelay,
    int eventLoops,
    ClientLimits clientLimits,
    PolicySettings policy,
    ClusterSettings cluster,
    AdminSettings admin) {

  public static final int DEFAULT_LISTEN_PORT = 5433;
  public static final int DEFAULT_UPSTREAM_PORT = 5432;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Below this even an ordinary Parse of a long ORM query would be refused. */
  public static final int MIN_MAX_MESSAGE_BYTES = 1024;

  /** PostgreSQL's own limit for a frontend message (PQ_LARGE_MESSAGE_LIMIT is 1 GiB - 1). */
  public static final int MAX_MAX_MESSAGE_BYTES = 0x3fffffff;

  /** More loops than this is a typo: each is a thread that selects and runs streams. */
  public static final int MAX_EVENT_LOOPS = 256;

  public ProxyConfig {
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(upstreamSslMode, "upstreamSslMode");
    Objects.requireNonNull(clientTlsMode, "clientTlsMode");
    Objects.requireNonNull(shutdownDrain, "shutdownDrain");
    Objects.requireNonNull(upstreamConnectTimeout, "upstreamConnectTimeout");
    Objects.requireNonNull(clientLimits, "clientLimits");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(admin, "admin");
    if (upstreamHost == null || upstreamHost.isBlank()) {
      throw new ConfigException("UPSTREAM_PG_HOST is required: the PostgreSQL server to protect");
    }
    checkPort("PROXY_PG_LISTEN_PORT", listenPort, true);
    checkPort("UPSTREAM_PG_PORT", upstreamPort, false);
    if (upstreamClientCert.isPresent() != upstreamClientKey.isPresent()) {
      throw new ConfigException(
          "UPSTREAM_PG_SSLCERT and UPSTREAM_PG_SSLKEY must be set together (mutual TLS needs both)");
    }
    if (upstreamClientCert.isPresent() && !upstreamSslMode.encrypted()) {
      throw new ConfigException(
          "UPSTREAM_PG_SSLCERT is set but UPSTREAM_PG_SSLMODE=disable: a client certificate needs TLS");
    }
    if (upstreamRootCert.isPresent() && upstreamSslMode != UpstreamSslMode.VERIFY_FULL) {
      throw new ConfigException(
          "UPSTREAM_PG_SSLROOTCERT is only used with UPSTREAM_PG_SSLMODE=verify-full (it is "
              + upstreamSslMode.envValue()
              + ")");
    }
    if (clientTlsMode == ClientTlsMode.REQUIRE && (tlsCert.isEmpty() || tlsKey.isEmpty())) {
      throw new ConfigException(
          "PROXY_TLS_MODE=require needs PROXY_TLS_CERT and PROXY_TLS_KEY (PEM files)");
    }
    if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
      throw new ConfigException(
          "PROXY_MAX_MESSAGE_BYTES="
              + maxMessageBytes
              + " is outside "
              + MIN_MAX_MESSAGE_BYTES
              + ".."
              + MAX_MAX_MESSAGE_BYTES);
    }
    if (shutdownDrain.isNegative()) {
      throw new ConfigException("PROXY_SHUTDOWN_DRAIN_SECONDS must not be negative");
    }
    if (upstreamConnectTimeout.isNegative() || upstreamConnectTimeout.isZero()) {
      throw new ConfigException("UPSTREAM_PG_CONNECT_TIMEOUT_SECONDS must be positive");
    }
    if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
      throw new ConfigException(
          "VETRO_PROXY_EVENT_LOOPS=" + eventLoops + " is outside 1.." + MAX_EVENT_LOOPS);
    }
  }

  /**
   * Reads every setting of a proxy node from environment variables: the listener and upstream, TLS,
   * limits, the relay, the policy cache, events and heartbeat, and the cluster.
   *
   * @throws ConfigException naming the variable, for a missing or bad value
   */
  public static ProxyConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    UpstreamSslMode upstreamSsl =
        UpstreamSslMode.parse(
            "UPSTREAM_PG_SSLMODE", env.text("UPSTREAM_PG_SSLMODE").orElse("disable"));
    ClientTlsMode clientTls =
        ClientTlsMode.parse("PROXY_TLS_MODE", env.text("PROXY_TLS_MODE").orElse("disable"));
    return new ProxyConfig(
        env.text("PROXY_PG_LISTEN_HOST").orElse("0.0.0.0"),
        env.integer("PROXY_PG_LISTEN_PORT", DEFAULT_LISTEN_PORT),
        env.text("UPSTREAM_PG_HOST").orElse(null),
        env.integer("UPSTREAM_PG_PORT", DEFAULT_UPSTREAM_PORT),
        upstreamSsl,
        env.readableFile("UPSTREAM_PG_SSLROOTCERT"),
        env.readableFile("UPSTREAM_PG_SSLCERT"),
        env.readableFile("UPSTREAM_PG_SSLKEY"),
        clientTls,
        env.readableFile("PROXY_TLS_CERT"),
        env.readableFile("PROXY_TLS_KEY"),
        env.integer("PROXY_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES),
        // PROXY_DRAIN_SECONDS is the fleet documentation's name; the older one still works.
        Duration.ofSeconds(
            env.integer("PROXY_DRAIN_SECONDS", env.integer("PROXY_SHUTDOWN_DRAIN_SECONDS", 30))),
        Duration.ofSeconds(env.integer("UPSTREAM_PG_CONNECT_TIMEOUT_SECONDS", 10)),
        env.bool("VETRO_PROXY_DIRECT_RELAY", true),
        env.integer("VETRO_PROXY_EVENT_LOOPS", 1),
        ClientLimits.read(env),
        PolicySettings.read(
            env, env.text("PROXY_PG_LISTEN_PORT").orElse(Integer.toString(DEFAULT_LISTEN_PORT))),
        readCluster(env),
        AdminSettings.read(env));
  }

  /** {@code VETRO_CLUSTER_*}, read by cluster-config (the api node reads its own the same way). */
  private static ClusterSettings readCluster(Env env) {
    try {
      return ClusterSettings.fromEnv(env.vars(), NodeKind.PROXY);
    } catch (ClusterConfigException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static void checkPort(String name, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new ConfigException(name + "=" + port + " is not a TCP port");
    }
  }

  public String upstreamAddress() {
    return upstreamHost + ":" + upstreamPort;
  }

  public static Builder builder(String upstreamHost, int upstreamPort) {
    return new Builder(upstreamHost, upstreamPort);
  }

  /** For tests and embedding: defaults as documented, listen on a free port of 127.0.0.1. */
  public static final class Builder {
    private String listenHost = "127.0.0.1";
    private int listenPort = 0;
    private final String upstreamHost;
    private final int upstreamPort;
    private UpstreamSslMode upstreamSslMode = UpstreamSslMode.DISABLE;
    private Path upstreamRootCert;
    private Path upstreamClientCert;
    private Path upstreamClientKey;
    private ClientTlsMode clientTlsMode = ClientTlsMode.DISABLE;
    private Path tlsCert;
    private Path tlsKey;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private Duration shutdownDrain = Duration.ofSeconds(30);
    private Duration upstreamConnectTimeout = Duration.ofSeconds(10);
    private boolean directRelay = true;
    private int eventLoops = 1;
    private ClientLimits clientLimits = ClientLimits.defaults();
    private PolicySettings policy;
    private ClusterSettings cluster = ClusterSettings.local(NodeKind.PROXY);
    private AdminSettings admin = AdminSettings.loopbackFreePort();

    private Builder(String upstreamHost, int upstreamPort) {
      this.upstreamHost = upstreamHost;
      this.upstreamPort = upstreamPort;
    }

    public Builder listen(String host, int port) {
      this.listenHost = host;
      this.listenPort = port;
      return this;
    }

    public Builder upstreamSsl(UpstreamSslMode mode, Path rootCert) {
      this.upstreamSslMode = mode;
      this.upstreamRootCert = rootCert;
      return this;
    }

    public Builder upstreamClientCertificate(Path cert, Path key) {
      this.upstreamClientCert = cert;
      this.upstreamClientKey = key;
      return this;
    }

    public Builder clientTls(ClientTlsMode mode, Path cert, Path key) {
      this.clientTlsMode = mode;
      this.tlsCert = cert;
      this.tlsKey = key;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder shutdownDrain(Duration drain) {
      this.shutdownDrain = drain;
      return this;
    }

    public Builder upstreamConnectTimeout(Duration timeout) {
      this.upstreamConnectTimeout = timeout;
      return this;
    }

    public Builder directRelay(boolean direct) {
      this.directRelay = direct;
      return this;
    }

    public Builder eventLoops(int loops) {
      this.eventLoops = loops;
      return this;
    }

    public Builder clientLimits(ClientLimits limits) {
      this.clientLimits = limits;
      return this;
    }

    /** Policy cache, events and heartbeat; by default the default catalog, nothing clustered. */
    public Builder policy(PolicySettings settings, ClusterSettings clusterSettings) {
      this.policy = settings;
      this.cluster = clusterSettings;
      return this;
    }

    /** Admin endpoint; by default a free port on 127.0.0.1. */
    public Builder admin(AdminSettings settings) {
      this.admin = settings;
      return this;
    }

    public ProxyConfig build() {
      return new ProxyConfig(
          listenHost,
          listenPort,
          upstreamHost,
          upstreamPort,
          upstreamSslMode,
          Optional.ofNullable(upstreamRootCert),
          Optional.ofNullable(upstreamClientCert),
          Optional.ofNullable(upstreamClientKey),
          clientTlsMode,
          Optional.ofNullable(tlsCert),
          Optional.ofNullable(tlsKey),
          maxMessageBytes,
          shutdownDrain,
          upstreamConnectTimeout,
          directRelay,
          eventLoops,
          clientLimits,
          policy != null
              ? policy
              : PolicySettings.read(new Env(Map.of()), Integer.toString(listenPort)),
          cluster,
          admin);
    }
  }
}
