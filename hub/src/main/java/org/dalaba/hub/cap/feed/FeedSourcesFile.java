package org.dalaba.hub.cap.feed;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.config.ConfigException;
import org.dalaba.hub.config.Limits;

/**
 * Reads the CAP sources file ({@code cap.sourcesFile}, JSON; docs/cap.md, "Feeds") at start-up. Blocking (files and
 * certificates). Any problem stops start-up with a message naming the source and the field: a misread rule could
 * send a warning to every village without anyone deciding it, so nothing is guessed or silently dropped.
 */
public final class FeedSourcesFile {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Set<String> SOURCE_FIELDS = Set.of("id", "name", "url", "kind", "pollSeconds", "timeoutSeconds",
      "maxBytes", "rules", "otherwise", "requireSignature", "trustedCertificates");
  private static final Set<String> RULE_FIELDS = Set.of("levels", "areas", "action");

  private FeedSourcesFile() {
  }

  /** @param file empty: no sources */
  public static List<FeedSource> read(String file) {
    if (file == null || file.isBlank()) {
      return List.of();
    }
    Path path = Path.of(file);
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cap.sourcesFile " + path + " cannot be read: " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("cap.sourcesFile " + path + " is not a JSON object: " + e.getMessage());
    }
    return parse(json, path.toAbsolutePath().getParent());
  }

  /** @param base folder relative certificate paths are read from */
  static List<FeedSource> parse(JsonObject json, Path base) {
    List<String> problems = new ArrayList<>();
    List<FeedSource> sources = new ArrayList<>();
    Object list = json.getValue("sources");
    if (!(list instanceof JsonArray array)) {
      throw new ConfigException("cap.sourcesFile: \"sources\" must be a list of sources");
    }
    if (array.size() > Limits.CAP_FEED_SOURCES) {
      throw new ConfigException("cap.sourcesFile: at most " + Limits.CAP_FEED_SOURCES + " sources");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "source " + (i + 1);
      if (!(array.getValue(i) instanceof JsonObject s)) {
        problems.add(where + ": must be an object");
        continue;
      }
      try {
        FeedSource source = source(s, base, where);
        if (!ids.add(source.id())) {
          problems.add(where + ": id \"" + source.id() + "\" is used twice");
        }
        sources.add(source);
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("cap.sourcesFile:\n  " + String.join("\n  ", problems));
    }
    return List.copyOf(sources);
  }

  private static FeedSource source(JsonObject s, Path base, String where) {
    for (String name : s.fieldNames()) {
      if (!SOURCE_FIELDS.contains(name)) {
        throw bad(where, name, "is not a source field (" + String.join(", ", new java.util.TreeSet<>(SOURCE_FIELDS)) + ")");
      }
    }
    String id = string(s, "id", where, null);
    if (!ID.matcher(id).matches()) {
      throw bad(where, "id", "must be 1-40 lower-case letters, digits and '-'");
    }
    where = "source \"" + id + "\"";
    String name = string(s, "name", where, id);
    URI url;
    try {
      url = URI.create(string(s, "url", where, null));
    } catch (IllegalArgumentException e) {
      throw bad(where, "url", "is not a URL");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw bad(where, "url", "must be an http:// or https:// URL with a host");
    }
    FeedSource.Kind kind = switch (string(s, "kind", where, null)) {
      case "atom" -> FeedSource.Kind.ATOM;
      case "rss" -> FeedSource.Kind.RSS;
      case "cap" -> FeedSource.Kind.CAP;
      default -> throw bad(where, "kind", "must be atom, rss or cap");
    };
    int poll = number(s, "pollSeconds", where, 60, 1, 86_400);
    int timeout = number(s, "timeoutSeconds", where, 10, 1, 300);
    int maxBytes = number(s, "maxBytes", where, Limits.CAP_FEED_BYTES_DEFAULT, 1024, Limits.CAP_FEED_BYTES_MAX);
    List<FeedSource.Rule> rules = new ArrayList<>();
    Object ruleList = s.getValue("rules", new JsonArray());
    if (!(ruleList instanceof JsonArray ra)) {
      throw bad(where, "rules", "must be a list");
    }
    for (int i = 0; i < ra.size(); i++) {
      rules.add(rule(ra.getValue(i), where + " rule " + (i + 1)));
    }
    FeedSource.Action otherwise = action(s.getValue("otherwise", "queue"), where, "otherwise");
    Object require = s.getValue("requireSignature", false);
    if (!(require instanceof Boolean requireSignature)) {
      throw bad(where, "requireSignature", "must be true or false");
    }
    List<X509Certificate> trusted = new ArrayList<>();
    Object certs = s.getValue("trustedCertificates", new JsonArray());
    if (!(certs instanceof JsonArray ca)) {
      throw bad(where, "trustedCertificates", "must be a list of PEM file paths");
    }
    for (Object file : ca) {
      if (!(file instanceof String f) || f.isBlank()) {
        throw bad(where, "trustedCertificates", "must be a list of PEM file paths");
      }
      trusted.addAll(certificates(base == null ? Path.of(f) : base.resolve(f), where));
    }
    if (requireSignature && trusted.isEmpty()) {
      throw bad(where, "trustedCertificates", "requireSignature needs at least one trusted certificate");
    }
    return new FeedSource(id, name, url, kind, poll, timeout, maxBytes, List.copyOf(rules), otherwise, requireSignature,
        List.copyOf(trusted));
  }

  private static FeedSource.Rule rule(Object value, String where) {
    if (!(value instanceof JsonObject r)) {
      throw new ConfigException(where + ": must be an object");
    }
    for (String name : r.fieldNames()) {
      if (!RULE_FIELDS.contains(name)) {
        throw bad(where, name, "is not a rule field (levels, areas, action)");
      }
    }
    Set<AlertLevel> levels = new LinkedHashSet<>();
    for (String level : strings(r, "levels", where)) {
      AlertLevel parsed = AlertLevel.parse(level);
      if (parsed == null) {
        throw bad(where, "levels", "\"" + level + "\" is not blue, yellow, orange or red");
      }
      levels.add(parsed);
    }
    Set<String> areas = new LinkedHashSet<>(strings(r, "areas", where));
    if (!r.containsKey("action")) {
      throw bad(where, "action", "is required (auto, queue or ignore)");
    }
    return new FeedSource.Rule(Set.copyOf(levels), Set.copyOf(areas), action(r.getValue("action"), where, "action"));
  }

  private static FeedSource.Action action(Object value, String where, String field) {
    return switch (String.valueOf(value)) {
      case "auto" -> FeedSource.Action.AUTO;
      case "queue" -> FeedSource.Action.QUEUE;
      case "ignore" -> FeedSource.Action.IGNORE;
      default -> throw bad(where, field, "must be auto, queue or ignore");
    };
  }

  private static List<String> strings(JsonObject o, String field, String where) {
    Object value = o.getValue(field, new JsonArray());
    List<String> out = new ArrayList<>();
    if (!(value instanceof JsonArray a)) {
      throw bad(where, field, "must be a list");
    }
    for (Object item : a) {
      if (!(item instanceof String text) || text.isBlank()) {
        throw bad(where, field, "must be a list of texts");
      }
      out.add(text);
    }
    return out;
  }

  private static String string(JsonObject o, String field, String where, String fallback) {
    Object value = o.getValue(field);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw bad(where, field, "is required and must be a text");
    }
    return text;
  }

  private static int number(JsonObject o, String field, String where, int fallback, int min, int max) {
    Object value = o.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer n) || n < min || n > max) {
      throw bad(where, field, "must be a whole number from " + min + " to " + max);
    }
    return n;
  }

  private static List<X509Certificate> certificates(Path file, String where) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certs = new ArrayList<>();
      CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
      if (certs.isEmpty()) {
        throw bad(where, "trustedCertificates", file + " holds no PEM certificate");
      }
      return certs;
    } catch (IOException | CertificateException e) {
      throw bad(where, "trustedCertificates", file + " is not a readable PEM certificate file: " + e.getMessage());
    }
  }

  private static ConfigException bad(String where, String field, String problem) {
    return new ConfigException(where + ": " + field + " " + problem);
  }
}
