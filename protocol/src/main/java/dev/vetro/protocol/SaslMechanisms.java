package dev.vetro.protocol;

import dev.vetro.protocol.backend.AuthenticationSasl;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Channel binding ("-PLUS" mechanisms) ties SCRAM to the TLS session between client and server. A
 * proxy that terminates the client's TLS has a different session on each hop, so offering -PLUS
 * would make a channel-binding client fail authentication with an opaque error.
 */
public final class SaslMechanisms {
  private SaslMechanisms() {}

  public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
  public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";

  /**
   * The same list without channel-binding mechanisms, order kept. Every "-PLUS" name is removed,
   * not only SCRAM-SHA-256-PLUS, because none of them can survive a TLS-terminating hop.
   */
  public static AuthenticationSasl withoutPlus(AuthenticationSasl offer) {
    List<String> kept =
        offer.mechanisms().stream().filter(m -> !isChannelBinding(m)).collect(Collectors.toList());
    return new AuthenticationSasl(kept);
  }

  public static boolean isChannelBinding(String mechanism) {
    return mechanism.endsWith("-PLUS");
  }
}
