package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOffTest {

  private final List<String> played = new ArrayList<>();
  private final HandOff handOff = new HandOff(c -> played.add(c.id()));

  private static Command alert(String id, String level) {
    JsonObject json = Fixtures.example("command-alert.json").toJsonObject().put("id", id).put("level", level);
    return CommandParser.parse(Buffer.buffer(json.encode())).command();
  }

  @Test
  void aLaterLessUrgentAlertWhoseFileCameFirstWaitsForTheRedOneStillDownloading() {
    // GIVEN red, then yellow, arrived; both fetch their audio
    Command red = alert("a-red", "red");
    Command yellow = alert("a-yellow", "yellow");
    HandOff.Turn redTurn = handOff.arrive(red);
    HandOff.Turn yellowTurn = handOff.arrive(yellow);
    // WHEN yellow's download ends first
    yellowTurn.ready(yellow);
    // THEN nothing starts until red's ends, and red goes first
    assertEquals(List.of(), played);
    redTurn.ready(red);
    assertEquals(List.of("a-red", "a-yellow"), played);
  }

  @Test
  void aMoreUrgentAlertNeverWaitsForALessUrgentOneStillDownloading() {
    Command blue = alert("a-blue", "blue");
    Command red = alert("a-red", "red");
    HandOff.Turn blueTurn = handOff.arrive(blue);
    handOff.arrive(red).ready(red);
    assertEquals(List.of("a-red"), played);
    blueTurn.ready(blue);
    assertEquals(List.of("a-red", "a-blue"), played);
  }

  @Test
  void aFailedDownloadLetsTheOthersThrough() {
    Command red = alert("a-red", "red");
    Command orange = alert("a-orange", "orange");
    HandOff.Turn redTurn = handOff.arrive(red);
    handOff.arrive(orange).ready(orange);
    redTurn.drop();
    assertEquals(List.of("a-orange"), played);
  }

  @Test
  void equalLevelsKeepArrivalOrder() {
    Command first = alert("a-1", "orange");
    Command second = alert("a-2", "orange");
    HandOff.Turn firstTurn = handOff.arrive(first);
    handOff.arrive(second).ready(second);
    assertEquals(List.of(), played);
    firstTurn.ready(first);
    assertEquals(List.of("a-1", "a-2"), played);
  }
}
