package dev.vetro.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

  @Test
  void runReturnsExitCodeAndBothStreamsSeparately() {
    ProcessRunner.Result result =
        ProcessRunner.of("sh", "-c", "echo out; echo err >&2; exit 3").run();
    assertEquals(3, result.exitCode());
    assertEquals("out\n", result.stdout());
    assertEquals("err\n", result.stderr());
    assertThrows(IllegalStateException.class, result::requireSuccess);
  }

  @Test
  void stdinEnvAndDirectoryReachTheProcess() {
    ProcessRunner.Result result =
        ProcessRunner.of("sh", "-c", "cat; echo \"$VETRO_X\"; pwd; echo \"${HOME:-unset}\"")
            .stdin("line from stdin\n")
            .env("VETRO_X", "value-x")
            .env("HOME", null)
            .directory(java.nio.file.Path.of("/usr"))
            .run()
            .requireSuccess();
    assertEquals("line from stdin\nvalue-x\n/usr\nunset\n", result.stdout());
  }

  @Test
  void timeoutKillsTheWholeProcessTreeAndKeepsItsOutput() {
    ProcessRunner.ProcessTimeoutException timeout =
        assertThrows(
            ProcessRunner.ProcessTimeoutException.class,
            () ->
                ProcessRunner.of("sh", "-c", "sleep 300 & echo child=$!; wait")
                    .timeout(Duration.ofSeconds(1))
                    .run());
    String line =
        timeout.stdout().lines().filter(l -> l.startsWith("child=")).findFirst().orElseThrow();
    long child = Long.parseLong(line.substring("child=".length()));
    assertFalse(
        ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
        "grandchild " + child + " survived");
    assertTrue(timeout.getMessage().contains("child="), timeout.getMessage());
  }

  @Test
  void backgroundProcessReportsOutputAndStops() {
    try (ProcessRunner.Background background =
        ProcessRunner.of("sh", "-c", "echo ready; echo oops >&2; sleep 300").start()) {
      assertTrue(background.awaitOutput("oops", Duration.ofSeconds(30)), background.output());
      assertTrue(background.output().contains("ready"));
      assertTrue(background.isAlive());
      background.stop();
      assertFalse(background.isAlive());
      assertNotEquals(null, background.exitCode());
    }
  }

  @Test
  void awaitOutputGivesUpWhenTheProcessExitsWithoutPrintingIt() {
    try (ProcessRunner.Background background =
        ProcessRunner.of("sh", "-c", "echo something-else").start()) {
      assertFalse(background.awaitOutput("never printed", Duration.ofSeconds(30)));
    }
  }

  @Test
  void hugeOutputIsCappedKeepingHeadAndTail() {
    ProcessRunner.Result result =
        ProcessRunner.of(
                "sh", "-c", "echo FIRST; head -c 30000000 /dev/zero | tr '\\0' a; echo; echo LAST")
            .timeout(Duration.ofMinutes(1))
            .run();
    assertEquals(0, result.exitCode());
    assertTrue(
        result.stdout().length() <= ProcessRunner.CAPTURE_LIMIT + 100,
        "kept " + result.stdout().length());
    assertTrue(result.stdout().startsWith("FIRST\n"));
    assertTrue(result.stdout().endsWith("LAST\n"));
    assertTrue(result.stdout().contains("bytes of output dropped"));
  }

  @Test
  void captureKeepsEverythingBelowItsLimit() {
    OutputCapture capture = new OutputCapture(16);
    byte[] bytes = "0123456789".getBytes(StandardCharsets.UTF_8);
    capture.write(bytes, 0, bytes.length);
    assertEquals("0123456789", capture.toString());
    capture.write(bytes, 0, bytes.length);
    capture.write(bytes, 0, bytes.length);
    assertEquals("01234567\n[... 14 bytes of output dropped ...]\n23456789", capture.toString());
    assertEquals(30, capture.totalBytes());
  }

  @Test
  void missingProgramFailsNamingIt() {
    UncheckedIOException failure =
        assertThrows(
            UncheckedIOException.class,
            () -> ProcessRunner.of("/no/such/program-vetro", "x").run());
    assertTrue(failure.getMessage().contains("/no/such/program-vetro"), failure.getMessage());
  }

  @Test
  void freePortsAreDistinctAndBindable() throws Exception {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      int port = FreePorts.pick();
      assertTrue(ports.add(port), "port " + port + " handed out twice");
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", port));
      }
    }
  }
}
