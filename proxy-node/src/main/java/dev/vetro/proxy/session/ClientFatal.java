package dev.vetro.proxy.session;

import dev.vetro.protocol.backend.ErrorResponse;

/** Ends a session with this FATAL error sent to the client, for reasons the proxy decides. */
public final class ClientFatal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ErrorResponse response;

  public ClientFatal(ErrorResponse response) {
    super(response.sqlState() + ": " + response.message());
    this.response = response;
  }

  public ErrorResponse response() {
    return response;
  }
}
