package org.dalaba.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShutdownTest {
  @Test
  void stepsRunInTheOrderAddedAndRunCompletesWhenTheAsynchronousOnesHaveFinished() {
    List<String> ran = new ArrayList<>();
    Promise<Void> slow = Promise.promise();
    Future<Void> done = new Shutdown().then(() -> ran.add("a")).thenAsync(() -> {
      ran.add("b");
      return slow.future();
    }).then(() -> ran.add("c")).run();
    assertEquals(List.of("a", "b", "c"), ran, "a slow step does not hold back the next one");
    assertFalse(done.isComplete(), "not stopped while a step is still finishing");
    slow.complete();
    assertTrue(done.succeeded());
  }

  @Test
  void aStepThatFailsDoesNotStopTheOthers() {
    List<String> ran = new ArrayList<>();
    Future<Void> done = new Shutdown().then(() -> {
      throw new IllegalStateException("broken");
    }).thenAsync(() -> Future.failedFuture("refused")).then(() -> ran.add("last")).run();
    assertEquals(List.of("last"), ran);
    assertTrue(done.succeeded(), "stopping reports done: a failed step has nothing left to wait for");
  }

  @Test
  void runningTwiceStopsOnce() {
    List<String> ran = new ArrayList<>();
    Shutdown shutdown = new Shutdown().then(() -> ran.add("a"));
    shutdown.run();
    shutdown.run();
    assertEquals(List.of("a"), ran);
  }
}
