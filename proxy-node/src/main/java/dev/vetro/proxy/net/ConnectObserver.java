package dev.vetro.proxy.net;

/**
 * Hears how opening an outgoing connection went: the node's upstream connect time and failures
 * (metrics). Called on the loop thread; must be cheap and never block.
 */
public interface ConnectObserver {
  ConnectObserver NONE =
      new ConnectObserver() {
        @Override
        public void connected(long nanos) {}

        @Override
        public void failed(long nanos) {}
      };

  /** The connection is up {@code nanos} after it was asked for (name lookup included). */
  void connected(long nanos);

  /** Opening it failed or timed out, {@code nanos} after it was asked for. */
  void failed(long nanos);
}
