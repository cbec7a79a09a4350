package dev.vetro.proxy.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that both selects on sockets and runs tasks, as in Netty or PgBouncer. It is also a
 * Pekko dispatcher's executor ({@link EventLoopExecutorConfigurator}): a connection's stream
 * interpreter then runs on the same thread that reads and writes its sockets, so a round trip
 * through the proxy costs no thread hand-off at all. With Pekko's own TCP the same round trip took
 * ~18 context switches (selector thread, TCP connection actors, stream actor, write acks).
 *
 * <p>Readiness handlers run on the loop thread; they must never block.
 */
public final class EventLoop extends AbstractExecutorService {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  /** Reads land here first and are copied out at their exact size, so the buffer is per loop. */
  private static final int READ_BUFFER_BYTES = 128 * 1024;

  /** Writes up to this size are copied here and sent with one write(2) (see SocketIo.write). */
  static final int WRITE_BUFFER_BYTES = 64 * 1024;

  /** What a registered channel does when it is ready; called on the loop thread. */
  public interface Ready {
    void onReady(SelectionKey key);
  }

  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /** True while a wake-up is on its way; spares a syscall per task submitted in a burst. */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();

  private final CountDownLatch terminated = new CountDownLatch(1);
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
  private volatile boolean shutdown;

  public EventLoop(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for " + name, e);
    }
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The loop whose thread this is, or null on any other thread. */
  public static EventLoop current() {
    return CURRENT.get();
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} now when called on the loop thread, otherwise as soon as the loop can. */
  public void run(Runnable task) {
    if (inLoop()) {
      task.run();
    } else {
      execute(task);
    }
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("event loop " + thread.getName() + " is shut down");
    }
    tasks.add(task);
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** Registers on the loop thread only: a key's interest set is then changed by one thread. */
  SelectionKey register(SelectableChannel channel, int ops, Ready handler) throws IOException {
    if (!inLoop()) {
      throw new IllegalStateException("register must run on the loop thread");
    }
    return channel.register(selector, ops, handler);
  }

  /** The loop's scratch buffer for reads; valid only on the loop thread, until the next read. */
  ByteBuffer readBuffer() {
    return readBuffer.clear();
  }

  /** The loop's scratch buffer for writes; valid only on the loop thread, until the next write. */
  ByteBuffer writeBuffer() {
    return writeBuffer.clear();
  }

  private void loop() {
    CURRENT.set(this);
    try {
      while (!shutdown) {
        runTasks();
        wakeupPending.set(false);
        // Re-check after clearing the flag: a task added before that saw the flag still set and
        // did not wake us, so it must not wait for the next socket event.
        // The Consumer forms hand each ready key straight to its handler: no selected-key set
        // to fill, iterate and clear per wake-up.
        if (tasks.isEmpty()) {
          selector.select(this::dispatch);
        } else {
          selector.selectNow(this::dispatch);
        }
        wakeupPending.set(true); // awake now: submitters need not call wakeup() until we sleep
      }
    } catch (IOException | RuntimeException e) {
      log.error("event loop {} stopped: {}", thread.getName(), e.toString(), e);
    } finally {
      closeAll();
      terminated.countDown();
    }
  }

  private void runTasks() {
    // Only the tasks present now: tasks that re-submit themselves must not starve the sockets.
    for (int n = tasks.size(); n > 0; n--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("task on event loop {} failed", thread.getName(), e);
      }
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    try {
      ((Ready) key.attachment()).onReady(key);
    } catch (RuntimeException e) {
      log.error("readiness handler on event loop {} failed", thread.getName(), e);
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Stops the loop and closes every channel still registered on it. */
  @Override
  public void shutdown() {
    shutdown = true;
    selector.wakeup();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> left = new ArrayList<>(tasks);
    tasks.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  @Override
  public String toString() {
    return "EventLoop(" + thread.getName() + ")";
  }
}
