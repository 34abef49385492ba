package org.dalaba.hub.lifecycle;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The steps that stop what a start made, run in the order they were added (each step is started after the one
 * before; asynchronous ones are not waited for before the next starts). {@link #run()} completes when every
 * asynchronous step has finished, failed or not: stopping goes on past a step that fails.
 */
public final class Shutdown {
  private final List<Supplier<Future<?>>> steps = new ArrayList<>();

  public Shutdown then(Runnable step) {
    steps.add(() -> {
      step.run();
      return Future.succeededFuture();
    });
    return this;
  }

  public Shutdown thenAsync(Supplier<Future<?>> step) {
    steps.add(step);
    return this;
  }

  public Future<Void> run() {
    List<Future<?>> running = new ArrayList<>();
    for (Supplier<Future<?>> step : steps) {
      try {
        running.add(step.get());
      } catch (RuntimeException e) {
        running.add(Future.failedFuture(e));
      }
    }
    steps.clear();
    return Future.join(running).<Void>mapEmpty().otherwiseEmpty();
  }
}
