package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** docs/protocol.md "The play a prefetch announces": the example is a valid prefetch, and its play the documented programme. */
class ScheduledPlaysTest {

  @Test
  void theAnnouncedPlayIsTheProgrammeThatComesAtItsTime() {
    CommandParser.Result prefetch = CommandParser.parse(Fixtures.example("command-prefetch-announced.json"));
    assertNull(prefetch.error());
    assertEquals(Command.Type.PREFETCH, prefetch.command().type());
    JsonObject announced = prefetch.json().getJsonObject("play");
    JsonObject play = ScheduledPlays.command(announced);
    CommandParser.Result parsed = CommandParser.parse(play.toBuffer());
    assertNull(parsed.error(), String.valueOf(parsed.error()));
    assertEquals(Command.Type.PLAY, parsed.command().type());
    assertEquals(announced.getLong("at"), parsed.command().ts(), "ts is the scheduled time");
    JsonObject programme = Fixtures.example("command-play-programme.json").toJsonObject();
    for (String field : new String[] {"id", "expiresAt", "priority", "items", "durationMs"}) {
      assertEquals(programme.getValue(field), play.getValue(field), field);
    }
  }
}
