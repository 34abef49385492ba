package org.dalaba.hub.directory;

import static org.dalaba.hub.directory.DirectoryFixtures.directory;
import static org.dalaba.hub.directory.DirectoryFixtures.township;
import static org.dalaba.hub.directory.DirectoryFixtures.village;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.directory.DirectoryDiff.Rename;
import org.dalaba.hub.directory.DirectoryDiff.VillageChange;
import org.junit.jupiter.api.Test;

class DirectoryDiffTest {

  private static Directory before() {
    return directory(
        township("211282105", "马家寨镇", village("211282105001", "南腰堡村"), village("211282105002", "甲村", "01", "02")),
        township("211282101", "庆云堡镇", village("211282101001", "乙村")),
        township("211282102", "中固镇", village("211282102001", "丙村"), village("211282102002", "丁村")));
  }

  @Test
  void sameDirectoryHasNoChanges() {
    // GIVEN the sample twice WHEN compared THEN nothing differs
    DirectoryDiff diff = DirectoryDiff.between(DirectoryParser.loadSample(), DirectoryParser.loadSample());
    assertTrue(diff.isEmpty());
    assertEquals(0, diff.toJson().getJsonObject("counts").getInteger("villagesAdded"));
    assertTrue(DirectoryDiff.between(before(), before()).isEmpty());
  }

  @Test
  void listsAddedRemovedAndRenamed() {
    // GIVEN an import that renames a township and a village, drops a township and a village,
    // adds a township, a village and an endpoint, and changes a contact
    Village changedContact = new Village("211282105001", "南腰堡村", "211282105", true,
        new Contact("张三", "13800000000"), 42.5, 124.0, village("211282105001", "x").endpoints());
    Directory after = directory(
        township("211282105", "马家寨镇", changedContact, village("211282105002", "甲村", "01", "02", "03"),
            village("211282105003", "新村")),
        township("211282101", "庆云堡镇（新）", village("211282101001", "乙屯村")),
        township("211282106", "金沟子镇", village("211282106001", "戊村")));
    // WHEN compared
    DirectoryDiff diff = DirectoryDiff.between(before(), after);
    // THEN every change is listed once
    assertFalse(diff.isEmpty());
    assertEquals(List.of("211282106"), diff.addedTownships().stream().map(Township::id).toList());
    assertEquals(List.of("211282102"), diff.removedTownships().stream().map(Township::id).toList());
    assertEquals(List.of(new Rename("211282101", "庆云堡镇", "庆云堡镇（新）")), diff.renamedTownships());
    assertEquals(List.of("211282105003", "211282106001"), diff.addedVillages().stream().map(Village::id).toList());
    assertEquals(List.of("211282102001", "211282102002"), diff.removedVillages().stream().map(Village::id).toList());
    assertEquals(List.of(new Rename("211282101001", "乙村", "乙屯村")), diff.renamedVillages());
    assertEquals(List.of(new VillageChange("211282105001", "南腰堡村", List.of("contact"))), diff.changedVillages());
    assertEquals(List.of("211282105002-03", "211282105003-01", "211282106001-01"),
        diff.addedEndpoints().stream().map(Endpoint::id).toList());
    assertEquals(List.of("211282102001-01", "211282102002-01"), diff.removedEndpoints().stream().map(Endpoint::id).toList());
    assertFalse(diff.countyChanged());
  }

  @Test
  void jsonForTheImportPreview() {
    // GIVEN the sample and a copy with one village renamed and one township dropped
    Directory sample = DirectoryParser.loadSample();
    JsonObject edited = new JsonObject(DirectoryParser.toJson(sample));
    JsonArray townships = edited.getJsonArray("townships");
    townships.getJsonObject(4).getJsonArray("villages").getJsonObject(0).put("name", "南腰堡新村");
    JsonObject dropped = (JsonObject) townships.remove(0);
    int droppedVillages = dropped.getJsonArray("villages").size();
    // WHEN compared and rendered
    JsonObject json = DirectoryDiff.between(sample, DirectoryParser.parseJson(edited.encode())).toJson();
    // THEN counts and details are there for the console
    assertFalse(json.getBoolean("empty"));
    assertFalse(json.getJsonObject("county").getBoolean("changed"));
    JsonObject counts = json.getJsonObject("counts");
    assertEquals(1, counts.getInteger("townshipsRemoved"));
    assertEquals(droppedVillages, counts.getInteger("villagesRemoved"));
    assertEquals(droppedVillages, counts.getInteger("endpointsRemoved"));
    assertEquals(1, counts.getInteger("villagesRenamed"));
    assertEquals(0, counts.getInteger("villagesAdded"));
    assertEquals(new JsonObject().put("id", dropped.getString("id")).put("name", dropped.getString("name")),
        json.getJsonObject("townships").getJsonArray("removed").getJsonObject(0));
    assertEquals(new JsonObject().put("id", "211282105001").put("from", "南腰堡村").put("to", "南腰堡新村"),
        json.getJsonObject("villages").getJsonArray("renamed").getJsonObject(0));
  }

  @Test
  void countyChange() {
    Directory other = new Directory("211281", "调兵山市", before().townships());
    DirectoryDiff diff = DirectoryDiff.between(before(), other);
    assertTrue(diff.countyChanged());
    assertFalse(diff.isEmpty());
    assertEquals("调兵山市", diff.toJson().getJsonObject("county").getJsonObject("to").getString("name"));
  }
}
