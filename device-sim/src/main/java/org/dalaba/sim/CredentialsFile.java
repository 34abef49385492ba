package org.dalaba.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads endpoint passwords from the CSV the hub writes ({@code data/credentials/endpoints.csv}): a header
 * line {@value #HEADER}, then one endpoint per line. Fields are plain (no quoting): the hub's generated
 * ids and passwords contain no commas.
 */
final class CredentialsFile {

  static final String HEADER = "endpoint_id,password,village_id,township_id";
  static final Path DEFAULT_PATH = Path.of("data", "credentials", "endpoints.csv");

  private CredentialsFile() {
  }

  /** @return password by endpoint id */
  static Map<String, String> load(Path path) throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("credentials file " + path + " does not exist");
    } catch (IOException e) {
      throw new UsageException("cannot read credentials file " + path + ": " + e.getMessage(), e);
    }
    return parse(lines, path.toString());
  }

  static Map<String, String> parse(List<String> lines, String source) throws UsageException {
    if (lines.isEmpty() || !stripBom(lines.get(0)).trim().equals(HEADER)) {
      throw new UsageException(source + ": the first line must be " + HEADER);
    }
    Map<String, String> passwords = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 4 || fields[0].isBlank()) {
        throw new UsageException(source + " line " + (i + 1) + ": expected 4 fields (" + HEADER + ")");
      }
      if (passwords.put(fields[0], fields[1]) != null) {
        throw new UsageException(source + " line " + (i + 1) + ": endpoint " + fields[0] + " appears twice");
      }
    }
    return passwords;
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
