package dev.vetro.api.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  @Test
  void refusesPastTheInFlightLimitAndAdmitsAgainOnceAnAnswerIsMade() {
    Admission a = new Admission(2, Long.MAX_VALUE, () -> 0);
    assertTrue(a.tryEnter());
    assertTrue(a.tryEnter());
    assertFalse(a.tryEnter(), "third in flight");
    assertEquals(2, a.inFlight(), "a refusal holds no slot");
    a.exit();
    assertTrue(a.tryEnter());
  }

  @Test
  void refusesWhileTheDispatcherLagsAndRecoversWhenItCatchesUp() {
    AtomicLong lag = new AtomicLong(80);
    Admission a = new Admission(100, 50, lag::get);
    assertFalse(a.tryEnter());
    lag.set(5);
    assertTrue(a.tryEnter());
  }

  @Test
  void theProbeSeesADispatcherThatDoesNotRunItsTasks() throws Exception {
    LinkedBlockingQueue<Runnable> stuck = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean();
    Executor dispatcher =
        r -> {
          if (running.get()) {
            r.run();
          } else {
            stuck.add(r);
          }
        };
    Admission a = Admission.probing(dispatcher, 100, 50);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (a.tryEnter()) {
      a.exit();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("a stuck dispatcher never refused");
      }
      Thread.sleep(10);
    }
    running.set(true); // the dispatcher catches up: queued probes run, new ones at once
    stuck.take().run();
    Thread.sleep(300);
    assertTrue(a.tryEnter(), "admits again once the dispatcher runs");
  }

  @Test
  void sheddingIsOnByDefaultAndTheEnvironmentSetsOrTurnsOffItsSignals() {
    Executor direct = Runnable::run;
    Admission dflt = Admission.fromEnv(direct, java.util.Map.of());
    for (int i = 0; i < Admission.DEFAULT_MAX_IN_FLIGHT; i++) {
      assertTrue(dflt.tryEnter(), "under the default limit");
    }
    assertFalse(dflt.tryEnter(), "past the default limit");

    Admission one =
        Admission.fromEnv(
            direct,
            java.util.Map.of(
                "VETRO_API_MAX_INFLIGHT_EVALUATIONS", "1", "VETRO_API_SHED_LAG_MS", "0"));
    assertTrue(one.tryEnter());
    assertFalse(one.tryEnter());

    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> Admission.fromEnv(direct, java.util.Map.of("VETRO_API_SHED_LAG_MS", "soon")));
  }
}
