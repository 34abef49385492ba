package org.dalaba.hub.backup;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.migration.DataFormat;
import org.dalaba.hub.store.PrivateFiles;

/**
 * Writes one backup archive (a zip, 0600): the Redis snapshot first, then every file of the data
 * directory a county needs to come back (credentials, command-signing keys, TLS material, media,
 * Mosquitto files), the effective configuration, and last the manifest with checksums. Left out: the
 * embedded Redis's own files (the snapshot replaces them), the embedded broker's runtime state and the
 * backup folder. Blocking.
 */
public final class BackupWriter {
  /** Folders of the data directory that are not copied, with the reason. */
  private static final List<String> SKIPPED = List.of(
      "redis",   // the consistent snapshot stands for the AOF, which may be mid-write
      "hivemq",  // broker sessions and queues: rebuilt, and the hub re-sends what was not confirmed
      "backups", "restored-config");

  public record Result(Path file, int redisKeys, int files, long bytes, long millis) {
  }

  private BackupWriter() {
  }

  public static Result write(HubConfig config, Path target) throws IOException {
    return write(RedisTarget.of(config), config, target);
  }

  static Result write(RedisTarget redisTarget, HubConfig config, Path target) throws IOException {
    long start = System.nanoTime();
    Path dataDir = config.dataDir();
    Path absolute = target.toAbsolutePath().normalize();
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    PrivateFiles.write(partial, "");
    Map<String, Manifest.Entry> entries = new LinkedHashMap<>();
    int keys;
    int dataFormat;
    int files = 0;
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
      try (RespClient redis = RespClient.connect(redisTarget)) {
        String format = redis.callString("GET", DataFormat.KEY);
        dataFormat = format == null ? 0 : Integer.parseInt(format);
        keys = entry(zip, entries, "redis.dump", out -> RedisSnapshot.take(redis, out));
      }
      for (Path file : dataFiles(dataDir, config.backupDir(), absolute)) {
        String name = "data/" + dataDir.relativize(file).toString().replace('\\', '/');
        entry(zip, entries, name, out -> {
          Files.copy(file, out);
          return 0;
        });
        files++;
      }
      byte[] effective = effectiveConfig(config).encodePrettily().getBytes(StandardCharsets.UTF_8);
      entry(zip, entries, "config/hub.json", out -> {
        out.write(effective);
        return 0;
      });
      Manifest manifest = new Manifest(Manifest.KIND, Instant.now().toString(), hubVersion(), dataFormat, keys, entries);
      zip.putNextEntry(new ZipEntry(Manifest.NAME));
      zip.write(manifest.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(absolute, keys, files, Files.size(absolute), (System.nanoTime() - start) / 1_000_000);
  }

  /** Every non-default key but dataDir (a restore may put the data elsewhere), secrets included: the archive is private. */
  static JsonObject effectiveConfig(HubConfig config) {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      String value = config.raw(key);
      if (key != ConfigKey.DATA_DIR && value != null && !value.equals(key.defaultValue)) {
        json.put(key.key, value);
      }
    }
    return json;
  }

  static String hubVersion() {
    String version = BackupWriter.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  private static List<Path> dataFiles(Path dataDir, Path backupDir, Path archive) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dataDir)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !Files.isSymbolicLink(p))
          .filter(p -> !SKIPPED.contains(dataDir.relativize(p).getName(0).toString()))
          .filter(p -> !p.startsWith(backupDir) && !p.equals(archive) && !p.getFileName().toString().endsWith(".partial")
              && !p.getFileName().toString().endsWith(".tmp"))
          .sorted().toList();
    }
  }

  private interface Content {
    int writeTo(OutputStream out) throws IOException;
  }

  private static int entry(ZipOutputStream zip, Map<String, Manifest.Entry> entries, String name, Content content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    MessageDigest sha = sha256();
    CountingStream counting = new CountingStream(new DigestOutputStream(new NonClosing(zip), sha));
    int result = content.writeTo(counting);
    counting.flush();
    zip.closeEntry();
    entries.put(name, new Manifest.Entry(HexFormat.of().formatHex(sha.digest()), counting.count));
    return result;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
