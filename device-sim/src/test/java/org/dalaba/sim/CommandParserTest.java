package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandParserTest {

  @ParameterizedTest
  @ValueSource(strings = {"alert", "play", "stop", "volume", "prefetch"})
  void everyExampleInTheProtocolDocumentParses(String type) {
    // GIVEN the document's example command
    Buffer example = Fixtures.example("command-" + type + ".json");

    // WHEN parsed
    CommandParser.Result result = CommandParser.parse(example);

    // THEN it is a valid command of that type with the example's id
    assertNull(result.error(), result.error());
    assertEquals(type, result.command().type().wireName());
    assertEquals(example.toJsonObject().getString("id"), result.command().id());
  }

  @Test
  void aDrillIsAnAlertMarkedExerciseAndOnlyABooleanMarksIt() {
    // GIVEN the document's drill example (command-alert-exercise.json)
    Command drill = CommandParser.parse(Fixtures.example("command-alert-exercise.json")).command();
    // THEN it is an alert marked as a drill; the ordinary example is not one
    assertEquals(Command.Type.ALERT, drill.type());
    assertTrue(drill.exercise());
    assertEquals(false, CommandParser.parse(Fixtures.example("command-alert.json")).command().exercise());
    // AND anything but true or false is a bad command
    JsonObject wrong = Fixtures.example("command-alert-exercise.json").toJsonObject().put("exercise", "yes");
    assertEquals("exercise must be true or false", CommandParser.parse(wrong.toBuffer()).error());
  }

  @Test
  void alertPlaybackTimeIsDurationTimesRepeatTimesScale() {
    Command alert = CommandParser.parse(Fixtures.example("command-alert.json")).command();
    assertEquals(27_000, alert.playbackMs(1.0));
    assertEquals(27, alert.playbackMs(0.001));
    assertEquals(1, alert.playbackMs(0.000_000_1), "never below a timer's 1 ms");
  }

  @Test
  void textLimitsCountCodePointsSoSupplementaryCharactersCountOnce() {
    // GIVEN a title of 100 and a text of 2,000 CJK Extension B characters (two UTF-16 units each)
    JsonObject alert = Fixtures.example("command-alert.json").toJsonObject()
        .put("title", "\uD840\uDC00".repeat(100)).put("text", "\uD840\uDC00".repeat(2000));
    // THEN it is within the limits, and one character more is not (encoded as the hub does: UTF-8, not
    // \\u escapes, so 4 bytes a character and well under the 16 KB command limit)
    assertNull(CommandParser.parse(Buffer.buffer(alert.encode())).error());
    assertEquals("title must be 1-100 characters",
        CommandParser.parse(Buffer.buffer(alert.copy().put("title", "\uD840\uDC00".repeat(101)).encode())).error());
    assertEquals("text must be 1-2000 characters",
        CommandParser.parse(Buffer.buffer(alert.copy().put("text", "\uD840\uDC00".repeat(2001)).encode())).error());
  }

  @Test
  void missingRequiredFieldIsAnErrorWithTheIdKept() {
    JsonObject alert = Fixtures.example("command-alert.json").toJsonObject();
    alert.remove("repeat");
    CommandParser.Result result = CommandParser.parse(alert.toBuffer());
    assertTrue(result.readable());
    assertEquals("a-20251125-7f3k9q", result.id());
    assertEquals("repeat is missing", result.error());
  }

  @Test
  void outOfRangeAndWrongTypesAreErrors() {
    JsonObject base = Fixtures.example("command-volume.json").toJsonObject();
    assertNotNull(CommandParser.parse(base.copy().put("volume", 101).toBuffer()).error());
    assertNotNull(CommandParser.parse(base.copy().put("volume", "85").toBuffer()).error());
    assertNotNull(CommandParser.parse(base.copy().put("volume", 85.5).toBuffer()).error());
    assertNotNull(CommandParser.parse(base.copy().put("v", 2).toBuffer()).error());
    assertNotNull(CommandParser.parse(base.copy().put("type", "VOLUME").toBuffer()).error());
    assertNotNull(CommandParser.parse(base.copy().put("id", "has space").toBuffer()).error());
    JsonObject play = Fixtures.example("command-play.json").toJsonObject();
    play.remove("text");
    play.remove("media");
    assertEquals("play needs text, media or items", CommandParser.parse(play.toBuffer()).error());
  }

  @Test
  void aProgrammePlayCarriesItsItemsAndAResumePlaysOnlyTheRest() {
    // GIVEN the documented programme play and its resume after a preemption
    Command programme = CommandParser.parse(Fixtures.example("command-play-programme.json")).command();
    Command resume = CommandParser.parse(Fixtures.example("command-play-resume.json")).command();
    // THEN both items' media are known, and the resume plays the duration after offsetMs
    assertEquals(2, programme.media().size());
    assertEquals(34_200, programme.durationMs());
    assertEquals(34_200 - 12_500, resume.durationMs());
    JsonObject badOffset = Fixtures.example("command-play-resume.json").toJsonObject().put("offsetMs", 40_000);
    assertNotNull(CommandParser.parse(badOffset.toBuffer()).error(), "an offset past the end is refused");
  }

  @Test
  void unknownFieldsAreIgnored() {
    JsonObject volume = Fixtures.example("command-volume.json").toJsonObject().put("future", "field");
    assertNull(CommandParser.parse(volume.toBuffer()).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "{\"v\":1}", "{\"id\":42}", "{\"id\":\"\"}", "{\"v\":1,\"id\":"})
  void payloadsWithoutAReadableIdAreUnreadable(String payload) {
    assertFalse(CommandParser.parse(Buffer.buffer(payload)).readable());
  }

  @Test
  void oversizedCommandIsAnError() {
    JsonObject alert = Fixtures.example("command-alert.json").toJsonObject().put("padding", "x".repeat(17_000));
    assertTrue(CommandParser.parse(alert.toBuffer()).error().contains("over 16384"));
  }
}
