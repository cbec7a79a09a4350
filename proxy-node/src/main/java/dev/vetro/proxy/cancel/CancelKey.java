package dev.vetro.proxy.cancel;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * What a client quotes to cancel a query: the backend's process id and secret key, exactly as the
 * server sent them in BackendKeyData (the proxy relays that message unchanged). The secret is
 * opaque bytes because protocol 3.2 made its length variable.
 */
public record CancelKey(int processId, ByteString secret) {
  public CancelKey {
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    // The secret is a credential for cancelling someone's query: never log it.
    return "CancelKey[pid=" + processId + ", secret=" + secret.length() + " bytes]";
  }
}
