package dev.vetro.protocol;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * The GS2 header at the start of a SCRAM client-first-message (RFC 5802): {@code gs2-cbind-flag ","
 * [authzid] ","}. The flag is covered by the client's proof, so the proxy cannot rewrite it; it
 * reads it to explain the failure a 'y' flag will cause upstream (the client saw no -PLUS offer,
 * yet supports channel binding and TLS was used).
 *
 * @param flag 'n' (client does not support channel binding), 'y' (supports it, thinks the server
 *     does not), or 'p' (uses it; {@code channelBindingName} says which type)
 * @param channelBindingName e.g. "tls-server-end-point" when flag is 'p', else null
 * @param authzid the authorization identity without its "a=" prefix, or null
 */
public record Gs2Header(char flag, String channelBindingName, String authzid) {

  public static Gs2Header parse(ByteString saslInitialResponseData) {
    if (saslInitialResponseData == null) {
      throw malformed("no client-first-message");
    }
    // Bounded search: a GS2 header is short; never scan a huge buffer byte by byte.
    int limit = Math.min(saslInitialResponseData.length(), 1024);
    String head = new String(saslInitialResponseData.take(limit).toArray(), StandardCharsets.UTF_8);
    int first = head.indexOf(',');
    int second = first < 0 ? -1 : head.indexOf(',', first + 1);
    if (second < 0) {
      throw malformed("expected \"<flag>,[a=authzid],\" at its start");
    }
    String cbind = head.substring(0, first);
    String authz = head.substring(first + 1, second);
    String authzid = null;
    if (!authz.isEmpty()) {
      if (!authz.startsWith("a=")) {
        throw malformed("unexpected attribute in authzid position: " + shorten(authz));
      }
      authzid = authz.substring(2);
    }
    if (cbind.equals("n") || cbind.equals("y")) {
      return new Gs2Header(cbind.charAt(0), null, authzid);
    }
    if (cbind.startsWith("p=") && cbind.length() > 2) {
      return new Gs2Header('p', cbind.substring(2), authzid);
    }
    throw malformed("unknown channel-binding flag " + shorten(cbind));
  }

  /** True when the client uses or supports channel binding ('p' or 'y'). */
  public boolean clientSupportsChannelBinding() {
    return flag != 'n';
  }

  private static ProtocolException malformed(String why) {
    return ProtocolException.violation("malformed SCRAM client-first-message: " + why);
  }

  private static String shorten(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
  }
}
