package dev.vetro.proxy.clients;

import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One way a client reaches PostgreSQL through the proxy: the client hop (plain, or TLS the client
 * verifies with verify-full), the upstream hop (plain, or verify-full against the test CA), the
 * password method of the role that logs in, and, for plain hops, which driver of the session phase
 * relays (the direct relay by default, or the stream relay with {@code VETRO_PROXY_DIRECT_RELAY}
 * off: TLS sessions always take the stream relay).
 */
public record Route(ClientTlsMode client, UpstreamSslMode upstream, String user, boolean stream) {
  public Route(ClientTlsMode client, UpstreamSslMode upstream, String user) {
    this(client, upstream, user, false);
  }

  static final List<String> USERS = List.of(PostgresServer.SCRAM_USER, PostgresServer.MD5_USER);
  static final List<UpstreamSslMode> UPSTREAMS =
      List.of(UpstreamSslMode.DISABLE, UpstreamSslMode.VERIFY_FULL);

  public boolean clientTls() {
    return client == ClientTlsMode.REQUIRE;
  }

  /**
   * What the client asks for: verify-full proves it talks TLS to a proxy holding a CA-issued name.
   */
  public String sslmode() {
    return clientTls() ? "verify-full" : "disable";
  }

  /**
   * libpq and pgjdbc would send the SCRAM gs2 flag 'y' when TLS-terminated on both hops, which the
   * TLS upstream rightly rejects as a downgrade (see ChannelBindingTest). Turning binding off is
   * the documented client setting for that topology, so the client matrix uses it there.
   */
  public boolean needsChannelBindingDisabled() {
    return clientTls() && upstream.encrypted();
  }

  /** Short and filesystem/SQL-identifier safe, for table names and temp files per route. */
  public String slug() {
    return (clientTls() ? "tls" : "plain")
        + "_"
        + (upstream.encrypted() ? "tls" : "plain")
        + "_"
        + user.replaceAll("[^a-z0-9]", "")
        + (stream ? "_stream" : "");
  }

  @Override
  public String toString() {
    return "client "
        + client.envValue()
        + " / upstream "
        + upstream.envValue()
        + " / "
        + user
        + (stream ? " / stream relay" : "");
  }

  /**
   * Every client hop x every upstream hop x scram and md5, and the plain hops once more on the
   * stream relay: for clients that are quick to run.
   */
  public static Stream<Arguments> all() {
    List<Arguments> out = new ArrayList<>();
    for (ClientTlsMode client : ClientTlsMode.values()) {
      for (UpstreamSslMode upstream : UPSTREAMS) {
        for (String user : USERS) {
          out.add(Arguments.of(new Route(client, upstream, user)));
        }
      }
    }
    for (String user : USERS) {
      out.add(Arguments.of(new Route(ClientTlsMode.DISABLE, UpstreamSslMode.DISABLE, user, true)));
    }
    return out.stream();
  }

  /**
   * Each hop pair once and each user twice, for slow clients: every dimension is covered, and both
   * users meet both the TLS and the plain form of each hop.
   */
  public static Stream<Arguments> covering() {
    return Stream.of(
            new Route(ClientTlsMode.DISABLE, UpstreamSslMode.DISABLE, PostgresServer.SCRAM_USER),
            new Route(
                ClientTlsMode.REQUIRE, UpstreamSslMode.VERIFY_FULL, PostgresServer.SCRAM_USER),
            new Route(ClientTlsMode.DISABLE, UpstreamSslMode.VERIFY_FULL, PostgresServer.MD5_USER),
            new Route(ClientTlsMode.REQUIRE, UpstreamSslMode.DISABLE, PostgresServer.MD5_USER))
        .map(Arguments::of);
  }
}
