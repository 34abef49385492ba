package org.dalaba.hub.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.dalaba.hub.directory.DirectoryProblem.Code;

/** Small fixtures for directory tests: resources, valid documents to break, problem assertions. */
final class DirectoryFixtures {
  static final String HEADER = String.join(",", DirectoryParser.CSV_COLUMNS);

  private DirectoryFixtures() {
  }

  /** A test resource under /directory/, as text. */
  static String resource(String name) {
    try (InputStream in = DirectoryFixtures.class.getResourceAsStream("/directory/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /directory/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh copy of small.json: 2 townships, 3 villages, all valid. */
  static JsonObject smallJson() {
    return new JsonObject(resource("small.json"));
  }

  static JsonObject township(JsonObject doc, int t) {
    return doc.getJsonArray("townships").getJsonObject(t);
  }

  static JsonObject village(JsonObject doc, int t, int v) {
    return township(doc, t).getJsonArray("villages").getJsonObject(v);
  }

  /** A CSV with the standard header and these data lines (LF line ends); data starts on line 2. */
  static String csv(String... rows) {
    return HEADER + "\n" + String.join("\n", rows) + "\n";
  }

  /** A valid CSV line for a village, with the columns that are not given left empty. */
  static String row(String townshipId, String townshipName, String villageId, String villageName) {
    return townshipId + "," + townshipName + "," + villageId + "," + villageName + ",,,,,,";
  }

  static Directory parseCsv(String text) {
    return DirectoryParser.parseCsv(text, "211282", "开原市");
  }

  static List<DirectoryProblem> jsonProblems(JsonObject doc) {
    return problems(() -> DirectoryParser.parseJson(doc.encode()));
  }

  static List<DirectoryProblem> csvProblems(String text) {
    return problems(() -> parseCsv(text));
  }

  static List<DirectoryProblem> problems(Runnable parse) {
    DirectoryException e = assertThrows(DirectoryException.class, parse::run, "expected the directory to be rejected");
    for (DirectoryProblem p : e.problems()) {
      assertTrue(!p.zh().isBlank() && !p.en().isBlank(), "both languages: " + p);
      assertTrue(p.zh().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
          "Chinese message: " + p.zh());
    }
    return e.problems();
  }

  /** The one problem with this code; fails if there are none or several. */
  static DirectoryProblem only(List<DirectoryProblem> problems, Code code) {
    List<DirectoryProblem> matching = problems.stream().filter(p -> p.code() == code).toList();
    if (matching.size() != 1) {
      fail("expected exactly one " + code + " in " + problems);
    }
    return matching.get(0);
  }

  static void assertOnlyProblem(List<DirectoryProblem> problems, Code code, String where) {
    assertEquals(List.of(code + " @ " + where), summary(problems), () -> "problems: " + problems);
  }

  /** "CODE @ where" per problem, in order. */
  static List<String> summary(List<DirectoryProblem> problems) {
    return problems.stream().map(p -> p.code() + " @ " + p.where()).collect(Collectors.toList());
  }

  // ---- directories built in code ----------------------------------------------------------------

  static Village village(String id, String name, String... endpointSuffixes) {
    String townshipId = id.substring(0, 9);
    List<String> suffixes = endpointSuffixes.length == 0 ? List.of("01") : Arrays.asList(endpointSuffixes);
    List<Endpoint> endpoints = new ArrayList<>();
    suffixes.forEach(s -> endpoints.add(new Endpoint(id + "-" + s, id, townshipId)));
    return new Village(id, name, townshipId, true, new Contact("村委会（样例）", "024-0000-0000"), 42.5, 124.0, endpoints);
  }

  static Township township(String id, String name, Village... villages) {
    return new Township(id, name, true, List.of(villages));
  }

  static Directory directory(Township... townships) {
    return new Directory("211282", "开原市", List.of(townships));
  }
}
