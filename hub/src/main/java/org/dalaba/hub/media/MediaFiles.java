package org.dalaba.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
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

  /**
   * A new private partial file ({@code upload-*.part}) beside the stored ones, so moving it into place
   * is atomic. Uploads and spoken texts are written there as they arrive, never held whole in memory.
   */
  public Path newPartFile() throws IOException {
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "upload-", ".part");
  }

  /** Live recordings being written, {@code live-{sessionId}.part}: named by the session so a hub that died can find them. */
  public static final Pattern LIVE_PART = Pattern.compile("live-([A-Za-z0-9._-]{1,64})\\.part");

  /** A new private partial file for the recording of live session {@code sessionId} (see {@link #LIVE_PART}). */
  public Path newLivePart(String sessionId) throws IOException {
    Files.createDirectories(dir);
    Path part = dir.resolve("live-" + sessionId + ".part");
    if (!LIVE_PART.matcher(part.getFileName().toString()).matches()) {
      throw new IllegalArgumentException("not a live session id: " + sessionId);
    }
    Files.deleteIfExists(part);
    return Files.createFile(part, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
  }

  /** The live recordings left being written (session id → file), e.g. by a hub that died while streaming. */
  public java.util.Map<String, Path> liveParts() throws IOException {
    java.util.Map<String, Path> parts = new java.util.HashMap<>();
    if (!Files.isDirectory(dir)) {
      return parts;
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        java.util.regex.Matcher m = LIVE_PART.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          parts.put(m.group(1), f);
        }
      });
    }
    return parts;
  }

  /** Moves a complete partial file under its hash (or drops it when that content is already stored). */
  public void adopt(Path part, String sha256) throws IOException {
    Path target = path(sha256);
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(part);
    } else {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The file mapped read-only: probing a 50 MiB upload does not put 50 MiB on the heap. */
  public static ByteBuffer map(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      return mapped;
    }
  }

  /** SHA-256 of a file, read in chunks. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[65536];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        digest.update(chunk, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
