package org.dalaba.hub.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;

/**
 * Writes the secrets under {@code dataDir/credentials/} for provisioning speakers and for the simulator:
 * {@code endpoints.csv} (endpoint_id,password,village_id,township_id), {@code hub.password},
 * {@code monitor.password}. Owner-only permissions, replaced atomically. Blocking: call on a worker.
 */
public final class CredentialFiles {
  public static final String ENDPOINTS_CSV = "endpoints.csv";

  private CredentialFiles() {
  }

  public static Path write(Path dataDir, Directory directory, Credentials credentials) throws IOException {
    Path dir = dataDir.resolve("credentials");
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder("endpoint_id,password,village_id,township_id\n");
    Map<String, Endpoint> sorted = new TreeMap<>(directory.endpoints());
    // only secrets this process still holds: made or rotated now, or read back from this file at start
    sorted.forEach((id, endpoint) -> {
      String secret = credentials.endpointSecrets().get(id);
      if (secret != null) {
        csv.append(id).append(',').append(secret).append(',').append(endpoint.villageId()).append(',')
            .append(endpoint.townshipId()).append('\n');
      }
    });
    writeSecret(dir.resolve(ENDPOINTS_CSV), csv.toString());
    writeSecret(dir.resolve("hub.password"), credentials.hubPassword());
    writeSecret(dir.resolve("monitor.password"), credentials.monitorPassword());
    return dir;
  }

  /**
   * The secrets in an {@code endpoints.csv} the operator has not collected yet (empty when it is gone): the
   * hub keeps only hashes, so this file is the one place a provisioned secret can still be read.
   */
  public static Map<String, String> readHandout(Path dataDir) throws IOException {
    Path file = dataDir.resolve("credentials").resolve(ENDPOINTS_CSV);
    Map<String, String> secrets = new java.util.HashMap<>();
    if (!Files.exists(file)) {
      return secrets;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] fields = line.split(",", -1);
      if (fields.length == 4 && !fields[0].equals("endpoint_id") && !fields[1].isEmpty()) {
        secrets.put(fields[0], fields[1]);
      }
    }
    return secrets;
  }

  static void writeSecret(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): rely on the directory's permissions
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
