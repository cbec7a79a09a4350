package dev.vetro.proxy.session;

/** The proxy is stopping and the drain time is over: sessions still open are ended with 57P01. */
public final class AdminShutdown extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AdminShutdown() {
    super("vetro proxy is shutting down", null, false, false);
  }
}
