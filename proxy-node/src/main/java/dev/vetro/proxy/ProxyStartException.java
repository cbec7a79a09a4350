package dev.vetro.proxy;

/** The node could not start for a reason outside its configuration (e.g. the port is taken). */
public final class ProxyStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProxyStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
