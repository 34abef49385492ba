package org.dalaba.sim;

/**
 * How the {@link Player} makes one pass of a command heard: the simulator waits for its length
 * ({@link Timed}); a real endpoint plays it through its {@link SpeakerSound}. Runs on the endpoint's context.
 */
interface Sound {

  /**
   * Starts one pass. {@code ended} runs on the endpoint's context with null when it played out, or a
   * text for people when playback failed; never after {@link #cancel}.
   *
   * @return a handle for {@link #cancel}
   */
  long start(Command command, long lengthMs, java.util.function.Consumer<String> ended);

  void cancel(long handle);

  /** The simulator's sound: silence for the pass's length. */
  final class Timed implements Sound {
    private final io.vertx.core.Vertx vertx;

    Timed(io.vertx.core.Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public long start(Command command, long lengthMs, java.util.function.Consumer<String> ended) {
      return vertx.setTimer(lengthMs, id -> ended.accept(null));
    }

    @Override
    public void cancel(long handle) {
      vertx.cancelTimer(handle);
    }
  }
}
