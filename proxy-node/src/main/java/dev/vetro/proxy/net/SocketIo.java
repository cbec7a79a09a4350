package dev.vetro.proxy.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.util.ByteString;

/**
 * The socket half of a {@link NioConnection}: everything here runs on the loop thread, and the
 * stage learns what happened through {@code events} (bytes read, or one of the {@link Signal}s, or
 * a Throwable). Reading is demand-driven: one read per request, so a slow consumer leaves data in
 * the kernel, where TCP flow control pushes back on the peer. OP_READ interest stays on while the
 * stage keeps asking, which in request/response traffic means no epoll_ctl per message.
 */
public final class SocketIo implements EventLoop.Ready {
  /** Events for the stage besides data and failures. */
  public enum Signal {
    CONNECTED,
    WRITTEN,
    EOF,
    CLOSED
  }

  private static final ByteBuffer[] NOTHING = new ByteBuffer[0];
  private static final Executor RESOLVER =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "vetro-upstream-dns");
            thread.setDaemon(true);
            return thread;
          });

  private final EventLoop loop;

  /** Who hears about reads and signals: the stage, or a {@link SocketHandover} taker after it. */
  private Consumer<Object> events;

  private SocketChannel channel;
  private InetSocketAddress target;
  private SelectionKey key;
  private boolean readWanted;

  /**
   * Reads go on but their bytes are dropped: the stage no longer wants them, the peer may still
   * write.
   */
  private boolean discarding;

  /** Told how {@link #connect} went; pending from the call until connected or failed. */
  private ConnectObserver connectObserver = ConnectObserver.NONE;

  private long connectStarted;
  private boolean connectPending;

  private ByteBuffer[] pending = NOTHING;
  private boolean closeAfterWrite;
  private boolean shutdownAfterWrite;
  private boolean closed;

  /** A socket on {@code loop}; every other method must then be called on that loop's thread. */
  public SocketIo(EventLoop loop, Consumer<Object> events) {
    this.loop = loop;
    this.events = events;
  }

  /** From now on, reads and signals go to {@code listener} (see {@link SocketHandover}). */
  void redirect(Consumer<Object> listener) {
    this.events = listener;
  }

  /** For a connection the acceptor already has. */
  void adopt(SocketChannel accepted) {
    channel = accepted;
    try {
      key = loop.register(channel, 0, this);
    } catch (IOException | RuntimeException e) {
      fail(new StreamTcpException("cannot register the accepted connection: " + e));
    }
  }

  public void connect(InetSocketAddress target) {
    connect(target, ConnectObserver.NONE);
  }

  /** Connects, telling {@code observer} how long it took or that it failed. */
  public void connect(InetSocketAddress target, ConnectObserver observer) {
    this.target = target;
    this.connectObserver = observer;
    this.connectStarted = System.nanoTime();
    this.connectPending = true;
    if (!target.isUnresolved()) {
      open(target);
      return;
    }
    // A DNS lookup can take seconds: never on the loop, where it would stall every session.
    RESOLVER.execute(
        () -> {
          InetSocketAddress resolved =
              new InetSocketAddress(target.getHostString(), target.getPort());
          try {
            loop.execute(() -> open(resolved));
          } catch (RejectedExecutionException shuttingDown) {
            // the node is stopping; the stage goes with it
          }
        });
  }

  private void open(InetSocketAddress resolved) {
    if (closed) {
      return; // the stage stopped while the name was being resolved
    }
    try {
      if (resolved.isUnresolved()) {
        throw new UnknownHostException(resolved.getHostString());
      }
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (channel.connect(resolved)) {
        key = loop.register(channel, 0, this);
        connectDone(true);
        events.accept(Signal.CONNECTED);
      } else {
        key = loop.register(channel, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException | RuntimeException e) {
      connectFailed(e);
    }
  }

  @Override
  public void onReady(SelectionKey ready) {
    if (ready.isConnectable()) {
      finishConnect();
      return;
    }
    if (ready.isWritable()) {
      flush();
    }
    if (!closed && ready.isReadable()) {
      read();
    }
  }

  public void requestRead() {
    if (closed) {
      return;
    }
    readWanted = true;
    interest(SelectionKey.OP_READ, true);
  }

  /** Keeps reading until the peer closes, dropping the bytes (TCP has no "close the read side"). */
  public void discardInput() {
    discarding = true;
    requestRead();
  }

  /**
   * Writes what the kernel takes now; true when all of it went, else WRITTEN follows later. Bytes
   * written while an earlier write is still pending queue behind it.
   */
  public boolean write(ByteString bytes) {
    if (closed) {
      return false;
    }
    if (pending.length == 0 && bytes.length() <= EventLoop.WRITE_BUFFER_BYTES && loop.inLoop()) {
      // The common case, a response or a request of a few hundred bytes: one copy into the loop's
      // direct buffer and one write(2), where a gathering write of heap buffers costs an array
      // per call and a copy into a temporary direct buffer per part.
      ByteBuffer direct = loop.writeBuffer();
      bytes.copyToBuffer(direct);
      direct.flip();
      try {
        channel.write(direct);
      } catch (IOException e) {
        fail(new StreamTcpException("The connection closed with error: " + e.getMessage()));
        return false;
      }
      if (!direct.hasRemaining()) {
        return true;
      }
      bytes = bytes.drop(bytes.length() - direct.remaining()); // the rest waits for OP_WRITE
    }
    List<ByteBuffer> buffers = new ArrayList<>(pending.length + 4);
    buffers.addAll(java.util.Arrays.asList(pending));
    bytes
        .getByteBuffers()
        .forEach(buffers::add); // views of the rope's parts: a gathering write, no copy
    pending = buffers.toArray(NOTHING);
    return flush();
  }

  /** Closes once everything accepted for writing is out; CLOSED follows. */
  public void close() {
    if (pending.length == 0) {
      closeNow(Signal.CLOSED);
    } else {
      closeAfterWrite = true;
    }
  }

  /** Sends FIN once everything accepted for writing is out; reading goes on. */
  public void shutdownOutput() {
    if (pending.length == 0) {
      shutdownOutputNow();
    } else {
      shutdownAfterWrite = true;
    }
  }

  /** Closes with RST: the peer must not take what it got so far for a complete conversation. */
  public void abort() {
    if (closed || channel == null) {
      return;
    }
    try {
      if (channel.isConnected()) {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    closeNow(null);
  }

  /** The stage has stopped: whatever is still open goes now. */
  public void release() {
    if (!closed && channel != null) {
      closeNow(null);
    }
    closed = true;
  }

  private boolean flush() {
    try {
      long remaining = 0;
      if (pending.length > 0) {
        channel.write(pending);
        for (ByteBuffer b : pending) {
          remaining += b.remaining();
        }
      }
      if (remaining > 0) {
        interest(SelectionKey.OP_WRITE, true);
        return false;
      }
      boolean waited = (key.interestOps() & SelectionKey.OP_WRITE) != 0;
      pending = NOTHING;
      interest(SelectionKey.OP_WRITE, false);
      if (closeAfterWrite) {
        closeNow(Signal.CLOSED);
      } else if (shutdownAfterWrite) {
        shutdownOutputNow();
      }
      if (waited) {
        events.accept(Signal.WRITTEN);
      }
      return true;
    } catch (IOException e) {
      fail(new StreamTcpException("The connection closed with error: " + e.getMessage()));
      return false;
    }
  }

  private void read() {
    if (!readWanted) {
      interest(SelectionKey.OP_READ, false); // no demand: leave the bytes to TCP flow control
      return;
    }
    ByteBuffer buffer = loop.readBuffer();
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      fail(new StreamTcpException("The connection closed with error: " + e.getMessage()));
      return;
    }
    if (n > 0) {
      if (discarding) {
        return;
      }
      readWanted = false;
      events.accept(ByteString.fromByteBuffer(buffer.flip()));
    } else if (n < 0) {
      readWanted = false;
      interest(SelectionKey.OP_READ, false);
      events.accept(Signal.EOF);
    }
  }

  private void finishConnect() {
    try {
      if (!channel.finishConnect()) {
        return; // not yet after all (a spurious wake-up): OP_CONNECT stays, the selector calls
        // again
      }
      key.interestOps(readWanted ? SelectionKey.OP_READ : 0);
      connectDone(true);
      events.accept(Signal.CONNECTED);
    } catch (IOException | RuntimeException e) {
      connectFailed(e);
    }
  }

  /** The caller gave up waiting for the connection (its connect timeout): counted as failed. */
  public void connectTimedOut() {
    connectDone(false);
  }

  private void connectDone(boolean connected) {
    if (!connectPending) {
      return;
    }
    connectPending = false;
    long nanos = System.nanoTime() - connectStarted;
    if (connected) {
      connectObserver.connected(nanos);
    } else {
      connectObserver.failed(nanos);
    }
  }

  private void connectFailed(Exception e) {
    connectDone(false);
    // Worded as Pekko's TCP did, which UpstreamErrorStage turns into "cannot reach ...: <reason>".
    fail(new StreamTcpException("Tcp command [Connect(" + target + ")] failed because of " + e));
  }

  private void shutdownOutputNow() {
    shutdownAfterWrite = false;
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      fail(new StreamTcpException("The connection closed with error: " + e.getMessage()));
    }
  }

  private void closeNow(Signal then) {
    closed = true;
    pending = NOTHING;
    try {
      if (channel
          != null) { // null while the target's name is being resolved; open() then sees closed
        channel.close(); // also cancels the key
      }
    } catch (IOException ignored) {
      // closed is closed
    }
    if (then != null) {
      events.accept(then);
    }
  }

  private void fail(Throwable reason) {
    if (channel != null) {
      closeNow(null);
    }
    closed = true;
    events.accept(reason);
  }

  private void interest(int op, boolean on) {
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = key.interestOps();
    int next = on ? ops | op : ops & ~op;
    if (next != ops) {
      key.interestOps(next);
    }
  }
}
