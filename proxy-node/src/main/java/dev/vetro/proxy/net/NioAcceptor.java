package dev.vetro.proxy.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket on an event loop. Each accepted connection is non-blocking, has TCP_NODELAY
 * (one small protocol message per write must not wait for Nagle) and goes to {@code onAccept} on
 * the loop thread, which must only hand it on.
 */
public final class NioAcceptor implements EventLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(NioAcceptor.class);

  /** Connections taken per readiness, so a connection storm cannot hold the loop for long. */
  private static final int ACCEPTS_PER_WAKEUP = 16;

  /**
   * After a failed accept (EMFILE: out of file descriptors), how long the listening socket is not
   * selected. Without it the loop spins: the connection stays in the backlog, so the socket is
   * ready again at once (issue 14: one core at 98%).
   */
  static final Duration ACCEPT_BACKOFF = Duration.ofMillis(200);

  private static final RateLimitedLog acceptFailures =
      new RateLimitedLog(log, Duration.ofSeconds(10));

  private final EventLoop loop;
  private final ServerSocketChannel server;
  private final Consumer<SocketChannel> onAccept;

  private NioAcceptor(
      EventLoop loop, ServerSocketChannel server, Consumer<SocketChannel> onAccept) {
    this.loop = loop;
    this.server = server;
    this.onAccept = onAccept;
  }

  /** Binds now (so a taken port fails the caller), then accepts on {@code loop}. */
  public static NioAcceptor bind(
      EventLoop loop, InetSocketAddress address, int backlog, Consumer<SocketChannel> onAccept)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, backlog);
      server.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    NioAcceptor acceptor = new NioAcceptor(loop, server, onAccept);
    loop.execute(
        () -> {
          try {
            loop.register(server, SelectionKey.OP_ACCEPT, acceptor);
          } catch (IOException e) {
            log.error("cannot accept on {}: {}", address, e.toString());
          }
        });
    return acceptor;
  }

  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("listening socket is closed", e);
    }
  }

  @Override
  public void onReady(SelectionKey key) {
    for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        // EMFILE and the like: the connection stays in the backlog. Keep serving the open
        // sessions (which free descriptors as they end), look again after a pause, and say so
        // once per interval with a count rather than per failure.
        acceptFailures.warn(
            "accept failed, pausing accepts for " + ACCEPT_BACKOFF.toMillis() + " ms",
            e.toString());
        backOff(key);
        return;
      }
      if (channel == null) {
        return;
      }
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      } catch (IOException e) {
        closeQuietly(channel);
        continue;
      }
      onAccept.accept(channel);
    }
  }

  private void backOff(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    key.interestOps(0);
    CompletableFuture.delayedExecutor(ACCEPT_BACKOFF.toMillis(), TimeUnit.MILLISECONDS, loop)
        .execute(
            () -> {
              if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
              }
            });
  }

  /** Stops accepting; open connections are not affected. */
  public CompletionStage<Void> unbind() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.run(
        () -> {
          closeQuietly(server);
          done.complete(null);
        });
    return done;
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }
}
