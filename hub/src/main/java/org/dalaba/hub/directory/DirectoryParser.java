package org.dalaba.hub.directory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dalaba.hub.directory.DirectoryValidator.RawEndpoint;
import org.dalaba.hub.directory.DirectoryValidator.RawTownship;
import org.dalaba.hub.directory.DirectoryValidator.RawVillage;
import org.dalaba.hub.directory.DirectoryValidator.Where;

/**
 * Reads a county directory from JSON or CSV, strictly: every problem is reported (as
 * {@link DirectoryProblem}s in one {@link DirectoryException}) and a directory with any problem is
 * rejected whole. Pure functions, no I/O except {@link #loadSample()}; safe on any thread, but a large
 * import is CPU work, so call it from a worker rather than the event loop.
 *
 * <h2>JSON</h2>
 * <pre>{"county":{"id":"211282","name":"开原市"},
 *  "townships":[{"id":"211282105","name":"马家寨镇","sample":false,
 *    "villages":[{"id":"211282105001","name":"南腰堡村","sample":false,
 *      "contact":{"name":"…","phone":"…"},"lat":42.4,"lon":124.1,
 *      "endpoints":[{"id":"211282105001-01"}]}]}]}</pre>
 * Required: county id and name; township id, name, villages; village id and name. Optional: sample
 * (default false), contact (default empty), lat/lon (both or neither), endpoints (absent or empty:
 * one endpoint {@code <villageId>-01}). Unknown fields are problems, so a misspelt key is not silently
 * ignored. A UTF-8 BOM is skipped.
 *
 * <h2>CSV</h2>
 * RFC 4180 (quoted fields may hold commas, quotes as {@code ""} and line breaks), UTF-8 with or without
 * BOM, CRLF or LF. The header names the columns {@link #CSV_COLUMNS} in any order; one line per village.
 * Cells are trimmed. {@code endpoint_ids} are separated by {@code ;}, empty meaning {@code <villageId>-01};
 * {@code lat}/{@code lon} may be empty; {@code sample} is true, false or empty (false). Townships keep the
 * order of their first line; a township is marked sample when all its villages are. Blank lines are
 * skipped.
 */
public final class DirectoryParser {

  /** The classpath resource of the sample directory. */
  public static final String SAMPLE_RESOURCE = "/directory/kaiyuan-sample.json";

  public static final List<String> CSV_COLUMNS = List.of("township_id", "township_name", "village_id",
      "village_name", "endpoint_ids", "contact_name", "contact_phone", "lat", "lon", "sample");

  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1,3}(\\.[0-9]+)?");

  /**
   * Guards against oversized uploads.
   *
   * @param maxBytes    largest input accepted, in UTF-8 bytes
   * @param maxVillages most villages accepted; reading stops at the first one over
   * @param maxProblems most problems listed; the rest are counted in a final problem
   */
  public record Limits(long maxBytes, int maxVillages, int maxProblems) {
    /** 16 MiB, 20,000 villages (Liaoning has about 11,000), 200 problems. */
    public static final Limits DEFAULT = new Limits(org.dalaba.hub.config.Limits.DIRECTORY_FILE_BYTES,
        org.dalaba.hub.config.Limits.DIRECTORY_VILLAGES, org.dalaba.hub.config.Limits.DIRECTORY_PROBLEMS_LISTED);

    public Limits {
      if (maxBytes < 1 || maxVillages < 1 || maxProblems < 1) {
        throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + maxVillages + ", " + maxProblems);
      }
    }
  }

  private DirectoryParser() {
  }

  // ---- API ----------------------------------------------------------------------------------------

  /**
   * Parses the JSON format with {@link Limits#DEFAULT}.
   *
   * @throws DirectoryException listing every problem
   */
  public static Directory parseJson(String text) {
    return parseJson(text, Limits.DEFAULT);
  }

  /**
   * Parses the JSON format.
   *
   * @throws DirectoryException listing every problem
   */
  public static Directory parseJson(String text, Limits limits) {
    Problems problems = new Problems(limits.maxProblems());
    String body = guard(text, limits, problems);
    Object root;
    try {
      root = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw problems.abort(jsonSyntax(e));
    }
    if (!(root instanceof JsonObject json)) {
      throw problems.abort(DirectoryProblem.jsonNotObject());
    }
    return new JsonInput(problems, limits).read(json);
  }

  /**
   * Parses CSV with {@link Limits#DEFAULT}.
   *
   * @throws DirectoryException listing every problem
   */
  public static Directory parseCsv(String text, String countyId, String countyName) {
    return parseCsv(text, countyId, countyName, Limits.DEFAULT);
  }

  /**
   * Parses CSV for the county of {@code current}, the directory it will replace.
   *
   * @throws DirectoryException listing every problem
   */
  public static Directory parseCsv(String text, Directory current) {
    return parseCsv(text, current.countyId(), current.countyName(), Limits.DEFAULT);
  }

  /**
   * Parses CSV for the county given (the CSV itself has no county columns).
   *
   * @throws DirectoryException listing every problem
   */
  public static Directory parseCsv(String text, String countyId, String countyName, Limits limits) {
    Problems problems = new Problems(limits.maxProblems());
    String body = guard(text, limits, problems);
    return new CsvInput(problems, limits).read(body, countyId == null ? "" : countyId.strip(),
        countyName == null ? "" : countyName.strip());
  }

  /** The sample directory shipped with the hub (7 townships, 113 villages of 开原市). */
  public static Directory loadSample() {
    return SampleHolder.SAMPLE;
  }

  /** The JSON format, pretty-printed and deterministic; {@link #parseJson} reads it back unchanged. */
  public static String toJson(Directory directory) {
    return PrettyJson.write(toJsonObject(directory));
  }

  /**
   * {@code parsed} with each village's further contacts taken from {@code before} (same village id):
   * the CSV format carries only the main contact, and a CSV import must not drop the others.
   */
  public static Directory keepContacts(Directory parsed, Directory before) {
    List<Township> townships = new ArrayList<>();
    for (Township t : parsed.townships()) {
      List<Village> villages = new ArrayList<>();
      t.villages().forEach(v -> villages.add(v.contacts().isEmpty()
          ? v.withContacts(before.village(v.id()).map(Village::contacts).orElse(List.of())) : v));
      townships.add(new Township(t.id(), t.name(), t.sample(), villages));
    }
    return new Directory(parsed.countyId(), parsed.countyName(), townships);
  }

  /**
   * The CSV format, one line per village, for editing in a spreadsheet and importing back with
   * {@link #parseCsv}: starts with a UTF-8 BOM (so Excel reads the Chinese correctly), CRLF line ends,
   * fields quoted where needed. The county is not in the CSV; it is given on import.
   */
  public static String toCsv(Directory directory) {
    StringBuilder out = new StringBuilder("\uFEFF").append(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (Township t : directory.townships()) {
      for (Village v : t.villages()) {
        Contact c = v.contact() == null ? Contact.NONE : v.contact();
        List<String> endpointIds = v.endpoints().stream().map(Endpoint::id).toList();
        boolean coordinates = v.lat() != null && v.lon() != null;
        List<String> cells = List.of(t.id(), t.name(), v.id(), v.name(), String.join(";", endpointIds),
            nullToEmpty(c.name()), nullToEmpty(c.phone()), coordinates ? v.lat().toString() : "",
            coordinates ? v.lon().toString() : "", Boolean.toString(v.sample()));
        for (int i = 0; i < cells.size(); i++) {
          out.append(i == 0 ? "" : ",").append(csvCell(cells.get(i)));
        }
        out.append("\r\n");
      }
    }
    return out.toString();
  }

  private static String csvCell(String cell) {
    boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0
        || cell.indexOf('\n') >= 0 || !cell.equals(cell.strip());
    return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }

  /** The JSON format as an object. */
  public static JsonObject toJsonObject(Directory directory) {
    JsonArray townships = new JsonArray();
    for (Township t : directory.townships()) {
      JsonArray villages = new JsonArray();
      for (Village v : t.villages()) {
        JsonObject village = new JsonObject().put("id", v.id()).put("name", v.name()).put("sample", v.sample());
        Contact c = v.contact() == null ? Contact.NONE : v.contact();
        village.put("contact", new JsonObject().put("name", nullToEmpty(c.name())).put("phone", nullToEmpty(c.phone())));
        if (!v.contacts().isEmpty()) {
          JsonArray contacts = new JsonArray();
          v.contacts().forEach(d -> {
            JsonObject contact = new JsonObject().put("name", d.name()).put("role", d.role()).put("phone", d.phone());
            if (!d.channels().isEmpty()) {
              contact.put("notify", new JsonArray(d.channels()));
            }
            contacts.add(contact);
          });
          village.put("contacts", contacts);
        }
        if (v.lat() != null && v.lon() != null) {
          village.put("lat", v.lat()).put("lon", v.lon());
        }
        JsonArray endpoints = new JsonArray();
        v.endpoints().forEach(e -> endpoints.add(new JsonObject().put("id", e.id())));
        villages.add(village.put("endpoints", endpoints));
      }
      townships.add(new JsonObject().put("id", t.id()).put("name", t.name()).put("sample", t.sample())
          .put("villages", villages));
    }
    return new JsonObject()
        .put("county", new JsonObject().put("id", directory.countyId()).put("name", directory.countyName()))
        .put("townships", townships);
  }

  // ---- shared --------------------------------------------------------------------------------------

  private static final class SampleHolder {
    static final Directory SAMPLE = readSample();

    private static Directory readSample() {
      try (InputStream in = DirectoryParser.class.getResourceAsStream(SAMPLE_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("sample directory missing from the classpath: " + SAMPLE_RESOURCE);
        }
        return parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
      }
    }
  }

  /** Size guard and BOM: returns the text to parse, or throws. */
  private static String guard(String text, Limits limits, Problems problems) {
    if (text == null || text.isBlank() || text.equals("\uFEFF")) {
      throw problems.abort(DirectoryProblem.emptyInput());
    }
    long bytes = utf8Length(text);
    if (bytes > limits.maxBytes()) {
      throw problems.abort(DirectoryProblem.inputTooLarge(bytes, limits.maxBytes()));
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static long utf8Length(CharSequence s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static DirectoryProblem jsonSyntax(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException cause && cause.getLocation() != null) {
      JsonLocation at = cause.getLocation();
      return DirectoryProblem.jsonSyntax("line " + at.getLineNr() + ", column " + at.getColumnNr(),
          cause.getOriginalMessage());
    }
    return DirectoryProblem.jsonSyntax("$", e.getMessage());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  // ---- JSON ------------------------------------------------------------------------------------------

  private static final class JsonInput {
    private static final Set<String> TOP = Set.of("county", "townships");
    private static final Set<String> COUNTY = Set.of("id", "name");
    private static final Set<String> TOWNSHIP = Set.of("id", "name", "sample", "villages");
    private static final Set<String> VILLAGE = Set.of("id", "name", "sample", "contact", "contacts", "lat", "lon", "endpoints");
    private static final Set<String> DUTY_CONTACT = Set.of("name", "role", "phone", "notify");
    private static final Set<String> CONTACT = Set.of("name", "phone");
    private static final Set<String> ENDPOINT = Set.of("id");

    private final Problems problems;
    private final Limits limits;
    private int villageCount;

    JsonInput(Problems problems, Limits limits) {
      this.problems = problems;
      this.limits = limits;
    }

    Directory read(JsonObject root) {
      knownFields(root, TOP, "");
      String countyId = null;
      String countyName = null;
      JsonObject county = object(root, "county", "", true);
      if (county != null) {
        Where where = Where.json("county");
        knownFields(county, COUNTY, "county.");
        countyId = string(county, "id", where, true);
        countyName = string(county, "name", where, true);
      }
      List<RawTownship> townships = new ArrayList<>();
      JsonArray array = array(root, "townships", "", true);
      if (array != null) {
        for (int i = 0; i < array.size(); i++) {
          String path = "townships[" + i + "]";
          JsonObject township = element(array, i, path);
          if (township != null) {
            townships.add(township(township, path));
          }
        }
      }
      return DirectoryValidator.validate(countyId, countyName, field -> "county." + field, townships,
          array != null ? "townships" : null, problems);
    }

    private RawTownship township(JsonObject json, String path) {
      Where where = Where.json(path);
      knownFields(json, TOWNSHIP, path + ".");
      String id = string(json, "id", where, true);
      String name = string(json, "name", where, true);
      Boolean sample = bool(json, "sample", where);
      List<RawVillage> villages = null;
      JsonArray array = array(json, "villages", path + ".", true);
      if (array != null) {
        villages = new ArrayList<>();
        for (int j = 0; j < array.size(); j++) {
          String villagePath = path + ".villages[" + j + "]";
          if (++villageCount > limits.maxVillages()) {
            throw problems.abort(DirectoryProblem.tooManyVillages(villagePath, limits.maxVillages()));
          }
          JsonObject village = element(array, j, villagePath);
          if (village != null) {
            villages.add(village(village, villagePath));
          }
        }
      }
      return new RawTownship(where, id, name, sample == null ? Boolean.FALSE : sample, villages);
    }

    private RawVillage village(JsonObject json, String path) {
      Where where = Where.json(path);
      knownFields(json, VILLAGE, path + ".");
      String id = string(json, "id", where, true);
      String name = string(json, "name", where, true);
      Boolean sample = bool(json, "sample", where);
      Contact contact = Contact.NONE;
      JsonObject c = object(json, "contact", path + ".", false);
      if (c != null) {
        Where contactWhere = Where.json(path + ".contact");
        knownFields(c, CONTACT, path + ".contact.");
        String contactName = string(c, "name", contactWhere, false);
        String phone = string(c, "phone", contactWhere, false);
        contact = new Contact(contactName == null ? "" : contactName, phone == null ? "" : phone);
      }
      boolean[] reported = {false};
      Double lat = coordinate(json, "lat", where, "纬度", "lat", reported);
      Double lon = coordinate(json, "lon", where, "经度", "lon", reported);
      List<RawEndpoint> endpoints = null;
      JsonArray array = array(json, "endpoints", path + ".", false);
      if (array != null && !array.isEmpty()) {
        endpoints = new ArrayList<>();
        for (int k = 0; k < array.size(); k++) {
          String endpointPath = path + ".endpoints[" + k + "]";
          JsonObject endpoint = element(array, k, endpointPath);
          if (endpoint != null) {
            Where endpointWhere = Where.json(endpointPath);
            knownFields(endpoint, ENDPOINT, endpointPath + ".");
            endpoints.add(new RawEndpoint(endpointWhere, string(endpoint, "id", endpointWhere, true)));
          }
        }
      }
      return new RawVillage(where, id, name, sample != null && sample, contact, lat, lon, reported[0], endpoints,
          contacts(json, path));
    }

    /** The optional {@code contacts}: at most 10, each with a name, an optional role and a phone number. */
    private List<DutyContact> contacts(JsonObject json, String path) {
      JsonArray array = array(json, "contacts", path + ".", false);
      if (array == null || array.isEmpty()) {
        return List.of();
      }
      if (array.size() > DutyContact.MAX_PER_VILLAGE) {
        problems.add(DirectoryProblem.contact(path + ".contacts", "每个村最多 " + DutyContact.MAX_PER_VILLAGE + " 个联系人",
            "at most " + DutyContact.MAX_PER_VILLAGE + " contacts per village"));
        return List.of();
      }
      List<DutyContact> contacts = new ArrayList<>();
      for (int k = 0; k < array.size(); k++) {
        String contactPath = path + ".contacts[" + k + "]";
        JsonObject c = element(array, k, contactPath);
        if (c == null) {
          continue;
        }
        Where where = Where.json(contactPath);
        knownFields(c, DUTY_CONTACT, contactPath + ".");
        String name = string(c, "name", where, true);
        String role = string(c, "role", where, false);
        String phone = string(c, "phone", where, true);
        if (name == null || phone == null) {
          continue;
        }
        if (name.isBlank() || name.codePointCount(0, name.length()) > DutyContact.MAX_NAME) {
          problems.add(DirectoryProblem.contact(contactPath + ".name", "联系人姓名应为 1 到 " + DutyContact.MAX_NAME + " 个字",
              "a contact's name must be 1 to " + DutyContact.MAX_NAME + " characters"));
        } else if (role != null && role.codePointCount(0, role.length()) > DutyContact.MAX_ROLE) {
          problems.add(DirectoryProblem.contact(contactPath + ".role", "职务（如 村干部、网格员）最多 " + DutyContact.MAX_ROLE + " 个字",
              "a role (e.g. village cadre, grid worker) is at most " + DutyContact.MAX_ROLE + " characters"));
        } else if (!DutyContact.PHONE.matcher(phone.strip()).matches()) {
          problems.add(DirectoryProblem.contact(contactPath + ".phone", "电话号码应为 3 到 30 位数字（可含空格、-、括号、开头的 +）",
              "a phone number is 3 to 30 digits (spaces, -, brackets and a leading + allowed)"));
        } else {
          List<String> notify = channels(c, contactPath);
          if (notify != null) {
            contacts.add(new DutyContact(name.strip(), role == null ? "" : role.strip(), phone.strip(), notify));
          }
        }
      }
      return contacts;
    }

    /**
     * A contact's optional {@code notify}: the ids of the notification channels that reach the person, at most
     * {@link DutyContact#MAX_CHANNELS}, each once. @return the ids (empty when absent), or null after a problem
     */
    private List<String> channels(JsonObject contact, String contactPath) {
      Object value = contact.getValue("notify");
      if (value == null) {
        return List.of();
      }
      String zh = "通知渠道应为渠道编号的列表（小写字母、数字、- 或 _，最多 32 位），每人最多 " + DutyContact.MAX_CHANNELS + " 个，不重复";
      String en = "notify must be a list of channel ids (lower-case letters, digits, - or _, at most 32), at most "
          + DutyContact.MAX_CHANNELS + " per contact, each once";
      if (!(value instanceof JsonArray array) || array.size() > DutyContact.MAX_CHANNELS) {
        problems.add(DirectoryProblem.contact(contactPath + ".notify", zh, en));
        return null;
      }
      List<String> ids = new ArrayList<>();
      for (Object id : array) {
        if (!(id instanceof String text) || !DutyContact.CHANNEL_ID.matcher(text).matches() || ids.contains(text)) {
          problems.add(DirectoryProblem.contact(contactPath + ".notify", zh, en));
          return null;
        }
        ids.add(text);
      }
      return ids;
    }

    private void knownFields(JsonObject json, Set<String> known, String prefix) {
      for (String name : json.fieldNames()) {
        if (!known.contains(name)) {
          problems.add(DirectoryProblem.unknownField(prefix.isEmpty() ? name : prefix + name));
        }
      }
    }

    private JsonObject element(JsonArray array, int index, String path) {
      Object value = array.getValue(index);
      if (value instanceof JsonObject object) {
        return object;
      }
      problems.add(DirectoryProblem.wrongType(path, "JSON 对象", "a JSON object"));
      return null;
    }

    private String string(JsonObject json, String field, Where where, boolean required) {
      Object value = json.getValue(field);
      if (value == null) {
        if (required) {
          problems.add(DirectoryProblem.missingField(where.at(field)));
        }
        return null;
      }
      if (value instanceof String s) {
        return s;
      }
      problems.add(DirectoryProblem.wrongType(where.at(field), "字符串（编号也要加引号）", "a string (quote ids too)"));
      return null;
    }

    private Boolean bool(JsonObject json, String field, Where where) {
      Object value = json.getValue(field);
      if (value == null || value instanceof Boolean) {
        return (Boolean) value;
      }
      problems.add(DirectoryProblem.wrongType(where.at(field), " true 或 false", "true or false"));
      return null;
    }

    private JsonObject object(JsonObject json, String field, String prefix, boolean required) {
      Object value = json.getValue(field);
      if (value instanceof JsonObject object) {
        return object;
      }
      if (value == null) {
        if (required) {
          problems.add(DirectoryProblem.missingField(prefix + field));
        }
      } else {
        problems.add(DirectoryProblem.wrongType(prefix + field, "JSON 对象", "a JSON object"));
      }
      return null;
    }

    private JsonArray array(JsonObject json, String field, String prefix, boolean required) {
      Object value = json.getValue(field);
      if (value instanceof JsonArray array) {
        return array;
      }
      if (value == null) {
        if (required) {
          problems.add(DirectoryProblem.missingField(prefix + field));
        }
      } else {
        problems.add(DirectoryProblem.wrongType(prefix + field, "数组", "an array"));
      }
      return null;
    }

    private Double coordinate(JsonObject json, String field, Where where, String zh, String en, boolean[] reported) {
      Object value = json.getValue(field);
      if (value == null) {
        return null;
      }
      if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        return n.doubleValue();
      }
      problems.add(DirectoryProblem.coordinateFormat(where.at(field), zh, en, String.valueOf(value)));
      reported[0] = true;
      return null;
    }
  }

  // ---- CSV -------------------------------------------------------------------------------------------

  private static final class CsvInput {
    private final Problems problems;
    private final Limits limits;

    CsvInput(Problems problems, Limits limits) {
      this.problems = problems;
      this.limits = limits;
    }

    /** A township as it accumulates over lines; the first line names it. */
    private static final class Group {
      final int line;
      final String name;
      final List<RawVillage> villages = new ArrayList<>();

      Group(int line, String name) {
        this.line = line;
        this.name = name;
      }
    }

    Directory read(String text, String countyId, String countyName) {
      List<CsvReader.Row> rows = CsvReader.read(text, problems);
      int next = 0;
      while (next < rows.size() && rows.get(next).blank()) {
        next++;
      }
      if (next == rows.size()) {
        throw problems.abort(DirectoryProblem.emptyInput());
      }
      CsvReader.Row header = rows.get(next++);
      Map<String, Integer> columns = header(header);
      if (columns == null) {
        throw problems.abort(null);
      }
      Map<String, Group> groups = new LinkedHashMap<>();
      int villages = 0;
      for (; next < rows.size(); next++) {
        CsvReader.Row row = rows.get(next);
        if (row.broken() || row.blank()) {
          continue;
        }
        String where = "line " + row.line();
        if (row.fields().size() != columns.size()) {
          problems.add(DirectoryProblem.fieldCount(where, columns.size(), row.fields().size()));
          continue;
        }
        if (++villages > limits.maxVillages()) {
          throw problems.abort(DirectoryProblem.tooManyVillages(where, limits.maxVillages()));
        }
        row(row, columns, groups);
      }
      List<RawTownship> townships = new ArrayList<>();
      groups.forEach((id, g) -> townships.add(new RawTownship(Where.line(g.line), id, g.name, null, g.villages)));
      if (townships.isEmpty()) {
        problems.add(DirectoryProblem.noDataRows("line " + header.line()));
      }
      return DirectoryValidator.validate(countyId, countyName, field -> "id".equals(field) ? "countyId" : "countyName",
          townships, null, problems);
    }

    /** Column name → index, or null if the header is unusable (problems reported). */
    private Map<String, Integer> header(CsvReader.Row header) {
      String where = "line " + header.line();
      if (header.broken()) {
        return null;
      }
      Map<String, Integer> columns = new HashMap<>();
      boolean ok = true;
      for (int i = 0; i < header.fields().size(); i++) {
        String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
        if (!CSV_COLUMNS.contains(name)) {
          problems.add(DirectoryProblem.unknownColumn(where, header.fields().get(i)));
          ok = false;
        } else if (columns.putIfAbsent(name, i) != null) {
          problems.add(DirectoryProblem.duplicateColumn(where, name));
          ok = false;
        }
      }
      for (String column : CSV_COLUMNS) {
        if (!columns.containsKey(column)) {
          problems.add(DirectoryProblem.missingColumn(where, column));
          ok = false;
        }
      }
      return ok ? columns : null;
    }

    private void row(CsvReader.Row row, Map<String, Integer> columns, Map<String, Group> groups) {
      int line = row.line();
      Where where = Where.line(line);
      String townshipId = cell(row, columns, "township_id");
      String townshipName = cell(row, columns, "township_name");
      Group group = groups.get(townshipId);
      if (group == null) {
        group = new Group(line, townshipName);
        groups.put(townshipId, group);
      } else if (!group.name.equals(townshipName)) {
        problems.add(DirectoryProblem.townshipNameConflict(where.at("township_name"), townshipId, townshipName,
            group.name, "line " + group.line));
      }
      String villageId = cell(row, columns, "village_id");
      List<RawEndpoint> endpoints = new ArrayList<>();
      for (String id : cell(row, columns, "endpoint_ids").split(";")) {
        if (!id.isBlank()) {
          endpoints.add(new RawEndpoint(where, id.strip()));
        }
      }
      boolean[] reported = {false};
      Double lat = coordinate(cell(row, columns, "lat"), where.at("lat"), "纬度", "lat", reported);
      Double lon = coordinate(cell(row, columns, "lon"), where.at("lon"), "经度", "lon", reported);
      String sampleText = cell(row, columns, "sample");
      boolean sample = false;
      if (sampleText.equalsIgnoreCase("true")) {
        sample = true;
      } else if (!sampleText.isEmpty() && !sampleText.equalsIgnoreCase("false")) {
        problems.add(DirectoryProblem.sampleFormat(where.at("sample"), sampleText));
      }
      Contact contact = new Contact(cell(row, columns, "contact_name"), cell(row, columns, "contact_phone"));
      group.villages.add(new RawVillage(where, villageId, cell(row, columns, "village_name"), sample, contact,
          lat, lon, reported[0], endpoints.isEmpty() ? null : endpoints));
    }

    private static String cell(CsvReader.Row row, Map<String, Integer> columns, String column) {
      return row.fields().get(columns.get(column)).strip();
    }

    private Double coordinate(String text, String where, String zh, String en, boolean[] reported) {
      if (text.isEmpty()) {
        return null;
      }
      if (DECIMAL.matcher(text).matches()) {
        return Double.parseDouble(text);
      }
      problems.add(DirectoryProblem.coordinateFormat(where, zh, en, text));
      reported[0] = true;
      return null;
    }
  }
}
