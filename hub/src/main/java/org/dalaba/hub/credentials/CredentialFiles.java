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
    sorted.forEach((id, endpoint) -> csv.append(id).append(',').append(credentials.endpointSecrets().get(id)).append(',')
        .append(endpoint.villageId()).append(',').append(endpoint.townshipId()).append('\n'));
    writeSecret(dir.resolve(ENDPOINTS_CSV), csv.toString());
    writeSecret(dir.resolve("hub.password"), credentials.hubPassword());
    writeSecret(dir.resolve("monitor.password"), credentials.monitorPassword());
    return dir;
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
