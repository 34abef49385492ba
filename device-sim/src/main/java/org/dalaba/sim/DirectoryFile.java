package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the endpoints out of a directory file ({@code {"county":…,"townships":[{"id",…,"villages":[{"id",
 * …,"endpoints":[{"id"}]}]}]}}): township id, village id and endpoint id, in file order. Other fields
 * are ignored.
 */
final class DirectoryFile {

  /** The name that selects the bundled sample instead of a file. */
  static final String SAMPLE = "sample";
  static final String SAMPLE_RESOURCE = "/directory/kaiyuan-sample.json";

  record Entry(String townshipId, String villageId, String endpointId) {
  }

  private DirectoryFile() {
  }

  /** Reads {@code sample} from the classpath, anything else as a file path. Runs blocking file I/O. */
  static List<Entry> load(String nameOrPath) throws UsageException {
    if (SAMPLE.equals(nameOrPath)) {
      try (InputStream in = DirectoryFile.class.getResourceAsStream(SAMPLE_RESOURCE)) {
        if (in == null) {
          throw new UsageException("the sample directory " + SAMPLE_RESOURCE + " is not on the classpath"
              + " (it is packaged from hub/src/main/resources/directory at build time)");
        }
        return parse(Buffer.buffer(in.readAllBytes()), "the sample directory");
      } catch (IOException e) {
        throw new UsageException("cannot read the sample directory: " + e.getMessage(), e);
      }
    }
    Path path = Path.of(nameOrPath);
    try {
      return parse(Buffer.buffer(Files.readAllBytes(path)), path.toString());
    } catch (NoSuchFileException e) {
      throw new UsageException("directory file " + path + " does not exist");
    } catch (IOException e) {
      throw new UsageException("cannot read directory file " + path + ": " + e.getMessage(), e);
    }
  }

  static List<Entry> parse(Buffer json, String source) throws UsageException {
    JsonObject root;
    try {
      root = json.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new UsageException(source + " is not a JSON object: " + e.getMessage(), e);
    }
    List<Entry> entries = new ArrayList<>();
    JsonArray townships = array(root, "townships", source);
    for (int t = 0; t < townships.size(); t++) {
      JsonObject township = object(townships.getValue(t), source + ": townships[" + t + "]");
      String townshipId = id(township, source + ": townships[" + t + "]");
      JsonArray villages = array(township, "villages", source + ": township " + townshipId);
      for (int v = 0; v < villages.size(); v++) {
        String where = source + ": township " + townshipId + ", villages[" + v + "]";
        JsonObject village = object(villages.getValue(v), where);
        String villageId = id(village, where);
        JsonArray endpoints = array(village, "endpoints", source + ": village " + villageId);
        for (int e = 0; e < endpoints.size(); e++) {
          String at = source + ": village " + villageId + ", endpoints[" + e + "]";
          entries.add(new Entry(townshipId, villageId, id(object(endpoints.getValue(e), at), at)));
        }
      }
    }
    return entries;
  }

  private static JsonArray array(JsonObject parent, String field, String where) throws UsageException {
    if (!(parent.getValue(field) instanceof JsonArray array)) {
      throw new UsageException(where + ": \"" + field + "\" must be an array");
    }
    return array;
  }

  private static JsonObject object(Object value, String where) throws UsageException {
    if (!(value instanceof JsonObject object)) {
      throw new UsageException(where + " must be an object");
    }
    return object;
  }

  private static String id(JsonObject object, String where) throws UsageException {
    if (!(object.getValue("id") instanceof String id) || id.isBlank()) {
      throw new UsageException(where + ": \"id\" must be a non-empty string");
    }
    return id;
  }
}
