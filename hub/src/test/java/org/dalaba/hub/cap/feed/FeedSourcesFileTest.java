package org.dalaba.hub.cap.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.config.ConfigException;
import org.dalaba.hub.directory.DirectoryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources file: what it accepts, the defaults, every mistake named; and how its rules decide. */
class FeedSourcesFileTest {
  @TempDir
  Path dir;

  private static JsonObject file(JsonObject... sources) {
    return new JsonObject().put("sources", new JsonArray(List.of((Object[]) sources)));
  }

  private static JsonObject minimal(String id) {
    return new JsonObject().put("id", id).put("url", "https://qx.example.cn/cap.atom").put("kind", "atom");
  }

  @Test
  void aMinimalSourceGetsTheDocumentedDefaults() {
    FeedSource s = FeedSourcesFile.parse(file(minimal("qx")), dir).get(0);
    assertEquals("qx", s.name());
    assertEquals(60, s.pollSeconds());
    assertEquals(10, s.timeoutSeconds());
    assertEquals(2_097_152, s.maxBytes());
    assertEquals(FeedSource.Action.QUEUE, s.otherwise());
    assertTrue(s.rules().isEmpty());
  }

  @Test
  void everyMistakeIsNamedWithItsSourceAndField() {
    for (var bad : List.of(
        List.of(minimal("qx").put("kind", "json"), "kind"),
        List.of(minimal("qx").put("url", "ftp://x/y"), "url"),
        List.of(minimal("QX"), "id"),
        List.of(minimal("qx").put("pollSeconds", 0), "pollSeconds"),
        List.of(minimal("qx").put("maxBytes", 100_000_000), "maxBytes"),
        List.of(minimal("qx").put("colour", "red"), "colour"),
        List.of(minimal("qx").put("rules", new JsonArray().add(new JsonObject().put("levels", new JsonArray().add("purple")).put("action", "auto"))), "levels"),
        List.of(minimal("qx").put("rules", new JsonArray().add(new JsonObject().put("levels", new JsonArray().add("red")))), "action"),
        List.of(minimal("qx").put("requireSignature", true), "trustedCertificates"),
        List.of(minimal("qx").put("trustedCertificates", new JsonArray().add("missing.pem")), "trustedCertificates"))) {
      ConfigException e = assertThrows(ConfigException.class, () -> FeedSourcesFile.parse(file((JsonObject) bad.get(0)), dir));
      assertTrue(e.getMessage().contains((String) bad.get(1)) && e.getMessage().contains("qx") || e.getMessage().contains("source 1"),
          e.getMessage());
    }
    ConfigException twice = assertThrows(ConfigException.class, () -> FeedSourcesFile.parse(file(minimal("qx"), minimal("qx")), dir));
    assertTrue(twice.getMessage().contains("used twice"), twice.getMessage());
  }

  @Test
  void trustedCertificatesAreReadRelativeToTheFile() throws Exception {
    Files.writeString(dir.resolve("qx.pem"), TestSigning.newIdentity("qx").pem());
    Path sources = dir.resolve("sources.json");
    Files.writeString(sources, file(minimal("qx").put("requireSignature", true)
        .put("trustedCertificates", new JsonArray().add("qx.pem"))).encode());
    FeedSource s = FeedSourcesFile.read(sources.toString()).get(0);
    assertEquals(1, s.trusted().size());
    assertTrue(s.requireSignature());
  }

  @Test
  void theFirstMatchingRuleDecidesByLevelAndArea() throws Exception {
    var directory = DirectoryParser.parseJson(new String(getClass().getResourceAsStream("/directory/kaiyuan-sample.json").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8));
    FeedSource s = new FeedSource("qx", "qx", java.net.URI.create("http://x/y"), FeedSource.Kind.ATOM, 1, 1, 1024, List.of(
        new FeedSource.Rule(Set.of(AlertLevel.RED), Set.of(), FeedSource.Action.AUTO),
        new FeedSource.Rule(Set.of(AlertLevel.ORANGE), Set.of("211282101"), FeedSource.Action.AUTO),
        new FeedSource.Rule(Set.of(), Set.of(), FeedSource.Action.IGNORE)), FeedSource.Action.QUEUE, false, List.of());
    Targets qingyun = new Targets(false, List.of("211282101"), List.of());
    Targets county = Targets.everyone();
    assertEquals(1, FeedRules.decide(s, AlertLevel.RED, county, directory).rule());
    assertEquals(FeedSource.Action.AUTO, FeedRules.decide(s, AlertLevel.ORANGE, qingyun, directory).action());
    assertEquals(3, FeedRules.decide(s, AlertLevel.ORANGE, county, directory).rule(), "an orange for the county is not inside 庆云堡镇");
    assertEquals(FeedSource.Action.IGNORE, FeedRules.decide(s, AlertLevel.BLUE, qingyun, directory).action());
  }
}
