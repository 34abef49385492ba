package org.dalaba.hub.backup;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.PrivateFiles;

/**
 * Brings a backup archive back into a data directory (and its Redis): checks the manifest and every
 * checksum before writing anything, refuses to replace live data unless forced, writes files owner-only,
 * and loads the Redis snapshot — into the embedded Redis's folder through a {@link TemporaryRedis}, or
 * into the configured external Redis. The backup's configuration goes to {@code restored-config/hub.json}
 * for the operator to compare with theirs; it does not overwrite /etc. Blocking; the hub must be stopped.
 */
public final class BackupRestore {
  /** What a restore replaces in the data directory (with --force). */
  private static final List<String> REPLACED = List.of("credentials", "tls", "media", "mosquitto", "restored-config");

  public record Result(int redisKeys, int files, long millis, Manifest manifest) {
  }

  private BackupRestore() {
  }

  public static Result restore(Path archive, HubConfig config, boolean force) throws IOException {
    long start = System.nanoTime();
    Path dataDir = config.dataDir();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Manifest manifest = verified(zip);
      boolean embedded = config.redisMode() == HubConfig.RedisMode.EMBEDDED;
      if (embedded) {
        refuseLiveEmbedded(config, force);
      } else {
        refuseLiveExternal(config, force);
      }
      if (force) {
        for (String name : REPLACED) {
          deleteTree(dataDir.resolve(name));
        }
        if (embedded) {
          deleteTree(dataDir.resolve("redis"));
        }
      }
      PrivateFiles.directory(dataDir);
      int files = 0;
      for (String name : manifest.entries().keySet()) {
        if (name.startsWith("data/") || name.startsWith("config/")) {
          Path target = name.startsWith("data/") ? dataDir.resolve(name.substring(5)) : dataDir.resolve("restored-config").resolve(name.substring(7));
          for (Path dir = target.getParent(); dir != null && dir.startsWith(dataDir) && !dir.equals(dataDir); dir = dir.getParent()) {
            PrivateFiles.directory(dir);
          }
          try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          PrivateFiles.file(target);
          files++;
        }
      }
      int keys;
      try (InputStream snapshot = zip.getInputStream(zip.getEntry("redis.dump"))) {
        if (embedded) {
          String password = PrivateFiles.secret(dataDir.resolve("credentials").resolve("redis.password"));
          try (TemporaryRedis redis = TemporaryRedis.start(dataDir.resolve("redis"), password, config.redisExecutable());
               RespClient client = RespClient.connect(redis.target())) {
            keys = RedisSnapshot.restore(client, snapshot);
          }
          Files.deleteIfExists(dataDir.resolve("redis").resolve("restore.conf"));
        } else {
          try (RespClient client = RespClient.connect(RedisTarget.of(config))) {
            keys = RedisSnapshot.restore(client, snapshot);
          }
        }
      }
      return new Result(keys, files, (System.nanoTime() - start) / 1_000_000, manifest);
    }
  }

  /** The manifest, after every entry was found with its size and checksum and every name is safe. */
  static Manifest verified(ZipFile zip) throws IOException {
    ZipEntry manifestEntry = zip.getEntry(Manifest.NAME);
    if (manifestEntry == null) {
      throw new IOException("not a Dalaba backup: no " + Manifest.NAME);
    }
    Manifest manifest;
    try (InputStream in = zip.getInputStream(manifestEntry)) {
      manifest = Manifest.fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new IOException("the backup's manifest is unreadable: " + e.getMessage(), e);
    }
    if (!manifest.entries().containsKey("redis.dump")) {
      throw new IOException("the backup holds no Redis snapshot");
    }
    for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
      String name = all.nextElement().getName();
      if (!name.equals(Manifest.NAME) && !manifest.entries().containsKey(name)) {
        throw new IOException("the backup holds " + name + ", which its manifest does not list; refusing it");
      }
    }
    for (var e : manifest.entries().entrySet()) {
      String name = e.getKey();
      if (name.contains("..") || name.startsWith("/") || name.contains("\\")
          || !(name.equals("redis.dump") || name.startsWith("data/") || name.startsWith("config/"))) {
        throw new IOException("the backup names an unsafe path: " + name);
      }
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw new IOException("the backup lacks " + name + ", which its manifest lists");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        if (!BackupWriter.sha256(in).equals(e.getValue().sha256())) {
          throw new IOException("checksum mismatch for " + name + ": the backup is damaged");
        }
      }
    }
    return manifest;
  }

  private static void refuseLiveEmbedded(HubConfig config, boolean force) throws IOException {
    Path dataDir = config.dataDir();
    if (Files.exists(dataDir.resolve("redis").resolve("redis.conf")) && listening(RedisTarget.of(config))) {
      throw new IOException("a Redis answers on port " + RedisTarget.of(config).port() + " for " + dataDir
          + ": the hub is running. Stop it first (systemctl stop dalaba), then restore.");
    }
    boolean live = Files.isDirectory(dataDir.resolve("redis").resolve("appendonlydir"))
        || nonEmpty(dataDir.resolve("credentials"));
    if (live && !force) {
      throw new IOException(dataDir + " already holds a hub's data (redis/appendonlydir or credentials/). Restoring would replace it: "
          + "give --force to do so, or restore into an empty --data-dir.");
    }
  }

  private static void refuseLiveExternal(HubConfig config, boolean force) throws IOException {
    try (RespClient redis = RespClient.connect(RedisTarget.of(config))) {
      if (RedisSnapshot.holdsHubData(redis)) {
        if (!force) {
          throw new IOException("the external Redis already holds a hub's data (dlb:* keys). Restoring would replace it: give --force, "
              + "or point redis.url at an empty Redis.");
        }
        RedisSnapshot.deleteHubKeys(redis);
      }
    }
    if (nonEmpty(config.dataDir().resolve("credentials")) && !force) {
      throw new IOException(config.dataDir() + " already holds credentials; give --force to replace them");
    }
  }

  private static boolean listening(RedisTarget target) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(target.host(), target.port()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean nonEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isPresent();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
