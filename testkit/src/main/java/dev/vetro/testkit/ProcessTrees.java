package dev.vetro.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a process with everything it started, politely first. */
final class ProcessTrees {
  private ProcessTrees() {}

  static void kill(ProcessHandle root) {
    // Collect descendants before signalling: once the parent dies they are re-parented to
    // init and no longer reachable from it.
    List<ProcessHandle> all = new ArrayList<>();
    root.descendants().forEach(all::add);
    all.add(root);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    for (ProcessHandle handle : all) {
      while (handle.isAlive() && System.nanoTime() < deadline) {
        ProcessRunner.sleep(10);
      }
    }
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Best effort: a zombie we cannot reap is not worth failing a test over.
      }
    }
  }
}
