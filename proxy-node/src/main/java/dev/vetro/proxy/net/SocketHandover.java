package dev.vetro.proxy.net;

import java.util.function.Consumer;
import org.apache.pekko.stream.Attributes;

/**
 * Lets a session take an accepted client socket away from its {@link NioConnection} stage once the
 * startup phase is over, so that a relay can move bytes between the client and the server on the
 * event loop with no stream hand-off per read (see {@code relay.DirectRelay}). The stage then goes
 * quiet: it neither reads nor writes, and completes when the taker {@link #release releases} the
 * socket (closed by then).
 *
 * <p>It travels as an attribute of the connection's stream ({@link NioConnection#takeable}), so
 * that only the net package and the relay that takes the socket know of it: the listener, the
 * handshake and the session relay just pass the stream along.
 *
 * <p>Loop-thread only, like the socket itself.
 */
public final class SocketHandover implements Attributes.Attribute {
  private SocketIo io;
  private EventLoop loop;
  private Runnable onReleased;
  private Runnable onAbort;
  private boolean taken;
  private Consumer<Object> listener;

  /** Called by the stage when its socket is registered; before that, nothing can be taken. */
  void offer(SocketIo io, EventLoop loop, Runnable onReleased, Runnable onAbort) {
    this.io = io;
    this.loop = loop;
    this.onReleased = onReleased;
    this.onAbort = onAbort;
  }

  /**
   * Resets the client connection (RST) and ends its stage, for a session that must end now although
   * its client does not read (PROXY_CLIENT_WRITE_TIMEOUT_SECONDS): closing in order would wait for
   * the bytes queued for it (in the socket, or in a TLS stage in front of it) forever. For a socket
   * still owned by its stage, i.e. not {@link #take taken}; returns false when there is none.
   */
  boolean abort() {
    Runnable abort = onAbort;
    if (abort == null || taken) {
      return false;
    }
    onAbort = null;
    abort.run();
    return true;
  }

  /** True when {@link #take} would succeed on this thread. */
  public boolean available() {
    return io != null && !taken && loop.inLoop();
  }

  boolean taken() {
    return taken;
  }

  /** The socket, whose reads and signals now go to {@code listener}; the stage stops using it. */
  public SocketIo take(Consumer<Object> listener) {
    if (!available()) {
      throw new IllegalStateException("the client socket cannot be taken over here");
    }
    taken = true;
    this.listener = listener;
    io.redirect(listener);
    return io;
  }

  /** An event the socket raised before the hand-over that reached the stage after it. */
  void forward(Object event) {
    listener.accept(event);
  }

  /** The loop the socket lives on. */
  public EventLoop loop() {
    return loop;
  }

  /** The taker is done with the socket (and closed it): the stage may complete. */
  public void release() {
    Runnable done = onReleased;
    onReleased = null;
    if (done != null) {
      done.run();
    }
  }
}
