package dev.vetro.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest {

  @Test
  void tasksFromManyThreadsAllRunOnTheLoopThreadInSubmissionOrderPerThread() throws Exception {
    EventLoop loop = new EventLoop("test-loop");
    try {
      int threads = 4;
      int perThread = 20_000;
      List<List<Integer>> seen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        seen.add(Collections.synchronizedList(new ArrayList<>()));
      }
      List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(threads * perThread);
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread submitter =
            new Thread(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    int n = i;
                    loop.execute(
                        () -> {
                          if (n == 0) {
                            ranOn.add(Thread.currentThread());
                          }
                          assertSame(loop, EventLoop.current());
                          seen.get(id).add(n);
                          done.countDown();
                        });
                  }
                });
        submitters.add(submitter);
        submitter.start();
      }
      assertTrue(done.await(30, TimeUnit.SECONDS), "every task ran (no lost wake-up)");
      for (List<Integer> s : seen) {
        for (int i = 0; i < perThread; i++) {
          assertEquals(i, s.get(i));
        }
      }
      assertEquals(1, ranOn.stream().distinct().count());
    } finally {
      loop.shutdown();
      assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void runExecutesInlineOnTheLoopThreadAndQueuesFromElsewhere() throws Exception {
    EventLoop loop = new EventLoop("test-loop-inline");
    try {
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(1);
      loop.execute(
          () -> {
            loop.run(() -> order.add("inline"));
            order.add("after inline");
            done.countDown();
          });
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("inline", "after inline"), order);
      assertEquals(null, EventLoop.current());
    } finally {
      loop.shutdown();
    }
  }
}
