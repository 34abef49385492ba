package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live session that ends (stop ENDED) while it plays keeps the speaker until what it received has played out: the
 * next queued item starts only then, never over the end of the speech.
 */
class PlayerLiveTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Records what the player asks of live playback; the test plays the stream's part. */
  private final class RecordingLive implements Player.LiveHook {
    @Override
    public void start(Command live) {
      events.add("live-start " + live.id());
    }

    @Override
    public void stop(String commandId) {
      events.add("live-stop " + commandId);
    }

    @Override
    public void end(String commandId) {
      events.add("live-end " + commandId);
    }
  }

  private Player player() {
    Player player = new Player(vertx, () -> 1.0, new Player.Listener() {
      @Override
      public void progressed(String commandId, String state) {
        events.add(state + " " + commandId);
      }

      @Override
      public void failed(String commandId, Reason reason, String detail) {
        events.add("failed " + commandId + " " + reason);
      }

      @Override
      public void played(PlayRecord record) {
      }
    });
    player.live(new RecordingLive());
    return player;
  }

  private static Command parsed(io.vertx.core.json.JsonObject json) {
    return CommandParser.parse(io.vertx.core.buffer.Buffer.buffer(json.encode())).command();
  }

  @Test
  void theNextItemWaitsUntilAnEndedSessionHasPlayedOut() throws Exception {
    Player player = player();
    Command live = parsed(Fixtures.command("live").put("level", "routine"));
    Command play = parsed(Fixtures.play(60_000, 5));
    vertx.runOnContext(v -> {
      player.submit(live);
      player.submit(play);
    });
    Await.until("the live session plays", java.time.Duration.ofSeconds(10), () -> events.contains("live-start " + live.id()));
    assertFalse(events.contains("started " + play.id()), "the routine play waits behind the live session");

    vertx.runOnContext(v -> player.stop(live.id(), Reason.ENDED));
    Await.until("the stream is told to play out what it has", java.time.Duration.ofSeconds(10), () -> events.contains("live-end " + live.id()));
    assertEquals(live.id(), onContext(player::playing), "the session keeps the speaker while it plays out");
    assertFalse(events.contains("started " + play.id()), "nothing starts over the end of the speech");

    vertx.runOnContext(v -> player.liveEnded(live.id(), PlayRecord.Outcome.FINISHED));
    Await.until("the routine play starts once the speech has played out", java.time.Duration.ofSeconds(10), () -> events.contains("started " + play.id()));
    assertTrue(events.indexOf("live-end " + live.id()) < events.indexOf("started " + play.id()), events.toString());
  }

  @Test
  void anAlertStillInterruptsASessionThatIsPlayingOut() throws Exception {
    Player player = player();
    Command live = parsed(Fixtures.command("live").put("level", "routine"));
    Command alert = parsed(Fixtures.alert(60_000, 1));
    vertx.runOnContext(v -> player.submit(live));
    Await.until("the live session plays", java.time.Duration.ofSeconds(10), () -> events.contains("live-start " + live.id()));
    vertx.runOnContext(v -> player.stop(live.id(), Reason.ENDED));
    Await.until("playing out", java.time.Duration.ofSeconds(10), () -> events.contains("live-end " + live.id()));
    vertx.runOnContext(v -> player.submit(alert));
    Await.until("the alert starts at once", java.time.Duration.ofSeconds(10), () -> events.contains("started " + alert.id()));
    assertTrue(events.contains("live-stop " + live.id()), "the tail is cut for the alert: " + events);
  }

  private <T> T onContext(java.util.function.Supplier<T> read) throws Exception {
    java.util.concurrent.CompletableFuture<T> value = new java.util.concurrent.CompletableFuture<>();
    vertx.runOnContext(v -> value.complete(read.get()));
    return value.get(5, TimeUnit.SECONDS);
  }
}
