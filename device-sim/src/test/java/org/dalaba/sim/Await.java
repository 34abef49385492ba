package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import io.vertx.core.Future;

/** Waiting in tests: on futures with a deadline, or on a condition with a deadline. */
public final class Await {

  static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {
  }

  static <T> T result(Future<T> future) {
    return result(future.toCompletionStage().toCompletableFuture(), DEFAULT);
  }

  static <T> T result(CompletableFuture<T> future) {
    return result(future, DEFAULT);
  }

  static <T> T result(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return fail("nothing within " + timeout);
    } catch (ExecutionException e) {
      return fail(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(e);
    }
  }

  /**
   * For state that raises no event (a socket accepting, an endpoint flag): re-checks every 10 ms until
   * true, failing with {@code what} at the deadline.
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout + ": " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
