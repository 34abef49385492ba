package org.dalaba.hub.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.NationalFields;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryParser;
import org.junit.jupiter.api.Test;

/** Every export validates against the shipped schema (read back by the hardened parser) and maps back to the same alert. */
class CapExportTest {
  private static final Directory KAIYUAN = DirectoryParser.loadSample();
  private final CapExport export = new CapExport("dalaba.211282", ZoneId.of("Asia/Shanghai"));
  private final CapParser parser = new CapParser();

  private static Alert alert(String id, Targets targets, AlertLevel level, boolean exercise, AlertMeta meta, AlertState state) {
    long now = System.currentTimeMillis();
    return new Alert(id, "暴雪橙色预警 <&>", "请减少外出 & 注意安全", level, targets, List.of("t"), 3, now, "admin", now + 3_600_000, 1,
        10_000, state, state == AlertState.ACTIVE ? 0 : now + 1000, state == AlertState.ACTIVE ? null : "admin", null, exercise, meta);
  }

  private static AlertMeta national() {
    return AlertMeta.console().withNational(new NationalFields("00000", "211282000000000000", "211282000000000000202612020001"));
  }

  @Test
  void aConsoleAlertForTownshipsAndVillages() {
    Alert alert = alert("a-20261202-AAAAAAAA", new Targets(false, List.of("211282104"), List.of("211282105001")), AlertLevel.ORANGE,
        false, national(), AlertState.ACTIVE);
    String xml = export.document(alert, List.of(), KAIYUAN);
    CapMessage message = parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    assertEquals("a-20261202-AAAAAAAA", message.identifier());
    assertEquals("Actual", message.status());
    assertEquals("Alert", message.msgType());
    CapMessage.Info info = message.infos().get(0);
    assertEquals("zh-CN", info.language());
    assertEquals("Severe", info.severity());
    assertEquals("暴雪橙色预警 <&>", info.headline());
    assertEquals("211282000000000000202612020001", CapMessage.Info.valueOf(info.parameters(), "EBM_MESSAGE_ID"));
    CapPlan back = CapMapping.plan(message, KAIYUAN, System.currentTimeMillis());
    assertEquals("orange", back.alertBody().getString("level"));
    assertEquals(new JsonObject().put("townships", new JsonArray().add("211282104")).put("villages", new JsonArray().add("211282105001")),
        back.alertBody().getJsonObject("targets"));
  }

  @Test
  void aDrillWithEnglishIsAnExerciseWithTwoInfos() {
    AlertMeta meta = new AlertMeta(AlertSource.cap("x@y", "id-1"), List.of(), null, null, new AlertMeta.Translation("Blizzard", "Stay in"));
    String xml = export.document(alert("a-1", Targets.everyone(), AlertLevel.RED, true, meta, AlertState.ACTIVE), List.of(), KAIYUAN);
    CapMessage message = parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    assertEquals("Exercise", message.status());
    assertEquals(2, message.infos().size());
    assertEquals("en-US", message.infos().get(1).language());
    assertEquals("Extreme", message.infos().get(1).severity());
    assertEquals("211282", message.infos().get(0).areas().get(0).geocodes().get(0).value());
  }

  @Test
  void anUpdateReferencesWhatItReplacedAndACancelItself() {
    Alert old = alert("a-old", Targets.everyone(), AlertLevel.YELLOW, false, national(), AlertState.CANCELLED);
    Alert update = alert("a-new", Targets.everyone(), AlertLevel.RED, false,
        new AlertMeta(AlertSource.console(), List.of("a-old"), "a-old", null, null), AlertState.ACTIVE);
    CapMessage updated = parser.parse(export.document(update, List.of(old), KAIYUAN).getBytes(StandardCharsets.UTF_8));
    assertEquals("Update", updated.msgType());
    assertEquals("a-old", updated.references().get(0).identifier());
    assertEquals("dalaba.211282", updated.references().get(0).sender());
    CapMessage cancel = parser.parse(export.document(old, List.of(), KAIYUAN).getBytes(StandardCharsets.UTF_8));
    assertEquals("Cancel", cancel.msgType());
    assertEquals("a-old.cancel", cancel.identifier());
    assertEquals("a-old", cancel.references().get(0).identifier());
    assertTrue(cancel.infos().isEmpty());
  }

  @Test
  void theAtomFeedCarriesValidCapInline() throws Exception {
    Alert alert = alert("a-2", Targets.everyone(), AlertLevel.BLUE, false, national(), AlertState.ACTIVE);
    LinkedHashMap<Alert, List<Alert>> entries = new LinkedHashMap<>();
    entries.put(alert, List.of());
    String atom = new CapAtomFeed(export).feed(entries, KAIYUAN, "http://hub.example", System.currentTimeMillis());
    CapFeedCheck.assertEveryEntryValid(atom, 1);
  }
}
