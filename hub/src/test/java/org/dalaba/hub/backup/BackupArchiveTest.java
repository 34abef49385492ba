package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore trusts nothing in the archive it has not checked against the manifest. */
class BackupArchiveTest {
  @TempDir
  Path dir;

  /** An archive with these entries, and a manifest listing {@code listed} with their true checksums unless overridden. */
  private Path archive(Map<String, String> entries, Map<String, String> listed) throws IOException {
    Path file = dir.resolve("b.zip");
    JsonArray manifest = new JsonArray();
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      for (var e : listed.entrySet()) {
        String sha = e.getValue() != null ? e.getValue()
            : BackupWriter.sha256(new ByteArrayInputStream(entries.get(e.getKey()).getBytes(StandardCharsets.UTF_8)));
        manifest.add(new JsonObject().put("path", e.getKey()).put("sha256", sha).put("size", 1));
      }
      zip.putNextEntry(new ZipEntry(Manifest.NAME));
      zip.write(new JsonObject().put("kind", Manifest.KIND).put("createdAt", "2026-12-02T00:00:00Z").put("hubVersion", "t")
          .put("dataFormat", 1).put("redisKeys", 0).put("entries", manifest).encode().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return file;
  }

  private static String refusal(Path archive) {
    return assertThrows(IOException.class, () -> {
      try (ZipFile zip = new ZipFile(archive.toFile())) {
        BackupRestore.verified(zip);
      }
    }).getMessage();
  }

  private static Map<String, String> of(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void aSoundArchiveIsAccepted() throws Exception {
    Path ok = archive(of("redis.dump", "x", "data/credentials/hub.password", "p"), of("redis.dump", null, "data/credentials/hub.password", null));
    try (ZipFile zip = new ZipFile(ok.toFile())) {
      assertEquals(2, BackupRestore.verified(zip).entries().size());
    }
  }

  @Test
  void aChangedFileIsRefused() throws Exception {
    String message = refusal(archive(of("redis.dump", "x", "data/credentials/hub.password", "p"),
        of("redis.dump", null, "data/credentials/hub.password", "0".repeat(64))));
    assertTrue(message.contains("checksum mismatch for data/credentials/hub.password"), message);
  }

  @Test
  void aFileTheManifestDoesNotListIsRefused() throws Exception {
    String message = refusal(archive(of("redis.dump", "x", "data/credentials/extra", "p"), of("redis.dump", null)));
    assertTrue(message.contains("does not list"), message);
  }

  @Test
  void aPathOutsideTheDataDirectoryIsRefused() throws Exception {
    String message = refusal(archive(of("redis.dump", "x", "data/../../etc/cron.d/x", "p"), of("redis.dump", null, "data/../../etc/cron.d/x", null)));
    assertTrue(message.contains("unsafe path"), message);
  }

  @Test
  void anArchiveWithoutAManifestIsRefused() throws Exception {
    Path file = dir.resolve("plain.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("redis.dump"));
      zip.closeEntry();
    }
    assertTrue(refusal(file).contains("not a Dalaba backup"));
  }
}
