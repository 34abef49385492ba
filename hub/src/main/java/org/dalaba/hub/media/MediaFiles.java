package org.dalaba.hub.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The content-addressed files under {@code dataDir/media}: one file per SHA-256, named by it. Writes go
 * to a temporary file first and are moved into place, so a file under its hash is always complete.
 * Blocking: call from a worker.
 */
public final class MediaFiles {
  public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;

  public MediaFiles(Path dataDir) {
    this.dir = dataDir.resolve("media");
  }

  public Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return dir.resolve(sha256);
  }

  public boolean exists(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  /** Stores the bytes under their hash (once) and returns the hash. */
  public String store(byte[] bytes) throws IOException {
    String sha = sha256(bytes);
    Path target = path(sha);
    if (!Files.isRegularFile(target)) {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "upload-", ".part");
      try {
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    return sha;
  }

  public void delete(String sha256) throws IOException {
    Files.deleteIfExists(path(sha256));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Where endpoints fetch a file: {@code {base}/media/{sha256}}. */
  public static String url(String publicBaseUrl, String sha256) {
    return (publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/") + "media/" + sha256;
  }
}
