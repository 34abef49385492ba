package org.dalaba.hub.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A directory was rejected as a whole: it carries every problem found (up to the parser's limit), never
 * a partly imported directory. The importer's fault (HTTP 422 when it comes from an upload).
 */
public final class DirectoryException extends RuntimeException {
  private static final int PROBLEMS_IN_MESSAGE = 5;

  private final List<DirectoryProblem> problems;

  public DirectoryException(List<DirectoryProblem> problems) {
    super(summary(problems), null, false, false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a DirectoryException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<DirectoryProblem> problems() {
    return problems;
  }

  /** {@code {"error":"invalid_directory","messageZh":…,"messageEn":…,"problems":[…]}}. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    problems.forEach(p -> list.add(p.toJson()));
    return new JsonObject().put("error", "invalid_directory")
        .put("messageZh", "目录有 " + problems.size() + " 处问题，整份未导入")
        .put("messageEn", "the directory has " + problems.size() + " problem(s); nothing was imported")
        .put("problems", list);
  }

  private static String summary(List<DirectoryProblem> problems) {
    StringBuilder s = new StringBuilder("directory rejected, ").append(problems.size()).append(" problem(s)");
    problems.stream().limit(PROBLEMS_IN_MESSAGE).forEach(p -> s.append("\n  ").append(p));
    if (problems.size() > PROBLEMS_IN_MESSAGE) {
      s.append("\n  …");
    }
    return s.toString();
  }
}
