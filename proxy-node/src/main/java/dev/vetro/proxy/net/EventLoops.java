package dev.vetro.proxy.net;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.dispatch.Dispatcher;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.dispatch.ExecutorServiceFactoryProvider;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.dispatch.MessageDispatcherConfigurator;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Attributes;
import scala.concurrent.duration.Duration;
import scala.concurrent.duration.FiniteDuration;

/**
 * The node's event loops, each registered as a Pekko dispatcher. A connection's whole stream is
 * materialized on one loop ({@link #attributesFor}), so its stages and its sockets share a thread.
 * Owned by the node: {@link #shutdown} when the actor system has terminated.
 */
public final class EventLoops {
  private static final String DISPATCHER_PREFIX = "vetro.proxy.event-loop-";

  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Attributes> attributes = new ArrayList<>();

  private EventLoops() {}

  /**
   * Starts {@code count} loops and registers them as dispatchers of {@code system}.
   *
   * @param throughput messages an actor on the loop handles before others get a turn
   */
  public static EventLoops start(ActorSystem<?> system, int count, int throughput) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one event loop is needed, not " + count);
    }
    EventLoops group = new EventLoops();
    Dispatchers dispatchers = system.classicSystem().dispatchers();
    for (int i = 0; i < count; i++) {
      String id = DISPATCHER_PREFIX + i;
      EventLoop loop = new EventLoop(system.name() + "-" + id);
      Config config =
          ConfigFactory.parseMap(Map.of("id", id, "throughput", throughput))
              .withFallback(dispatchers.defaultDispatcherConfig());
      if (!dispatchers.registerConfigurator(
          id, new LoopDispatcherConfigurator(config, dispatchers.prerequisites(), loop))) {
        loop.shutdown();
        throw new IllegalStateException(
            "dispatcher " + id + " is already registered in " + system.name());
      }
      group.loops.add(loop);
      group.attributes.add(ActorAttributes.dispatcher(id));
    }
    return group;
  }

  /** Spreads connections over the loops by their id. */
  public Attributes attributesFor(long connectionId) {
    return attributes.get((int) Math.floorMod(connectionId, (long) attributes.size()));
  }

  public EventLoop loop(int index) {
    return loops.get(index);
  }

  public int size() {
    return loops.size();
  }

  public void shutdown() {
    loops.forEach(EventLoop::shutdown);
  }

  /** One Pekko dispatcher whose executor is one event loop. */
  private static final class LoopDispatcherConfigurator extends MessageDispatcherConfigurator {
    private final Dispatcher instance;

    LoopDispatcherConfigurator(
        Config config, DispatcherPrerequisites prerequisites, EventLoop loop) {
      super(config, prerequisites);
      ExecutorServiceFactoryProvider executor = (id, threadFactory) -> () -> new KeepRunning(loop);
      instance =
          new Dispatcher(
              this,
              config.getString("id"),
              config.getInt("throughput"),
              Duration.Zero(),
              executor,
              FiniteDuration.apply(1, TimeUnit.SECONDS));
    }

    @Override
    public MessageDispatcher dispatcher() {
      return instance;
    }
  }

  /**
   * Pekko shuts a dispatcher's executor down whenever no actor has used it for a second, and
   * creates a new one later; the loop must outlive that (its sockets stay registered), so the
   * dispatcher gets this view, and only {@link EventLoops#shutdown} ends the loop.
   */
  private static final class KeepRunning extends AbstractExecutorService {
    private final EventLoop loop;

    KeepRunning(EventLoop loop) {
      this.loop = loop;
    }

    @Override
    public void execute(Runnable command) {
      loop.execute(command);
    }

    @Override
    public void shutdown() {
      // the loop belongs to EventLoops
    }

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }
}
