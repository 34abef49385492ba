package org.dalaba.sim.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's bounded on-disk media cache. Each file is {@code DIR/{sha256}} (its content hashes to its
 * name, checked when it is stored and again for every file when the cache opens), with {@code DIR/{sha256}.expires}
 * holding the epoch ms (hub time) until which a command needs it. Eviction: expired files first, then, while the
 * cache is over its size bound, the files that expire soonest. A download in progress is {@code DIR/{sha256}.part}
 * (resumed with {@code Range}). Thread-safe.
 */
public final class MediaCache {

  private static final Logger LOG = LoggerFactory.getLogger(MediaCache.class);
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

  private record Entry(long bytes, long expiresAt) {
  }

  private final Path dir;
  private final long maxBytes;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile long verifyMillis;

  /** Opens (creating) the cache and verifies every file in it; a file that fails is deleted. */
  public MediaCache(Path dir, long maxBytes, LongSupplier clock) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!SHA.matcher(name).matches()) {
          continue;
        }
        String actual = sha256(file);
        if (!actual.equals(name)) {
          LOG.warn("cache: {} does not match its hash ({}), deleted", name, actual);
          delete(name);
          continue;
        }
        entries.put(name, new Entry(Files.size(file), readExpiry(name)));
      }
    }
    verifyMillis = (System.nanoTime() - t0) / 1_000_000;
    evict();
    LOG.info("cache {}: {} file(s), {} bytes, verified in {} ms", dir, entries.size(), totalBytes(), verifyMillis);
  }

  public Path dir() {
    return dir;
  }

  /** Where a download of {@code sha256} in progress is kept. */
  public Path partial(String sha256) {
    return dir.resolve(check(sha256) + ".part");
  }

  public boolean has(String sha256) {
    return entries.containsKey(sha256);
  }

  /** The file's bytes, or null when the cache does not hold it. */
  public byte[] read(String sha256) throws IOException {
    if (!entries.containsKey(sha256)) {
      return null;
    }
    try {
      return Files.readAllBytes(dir.resolve(check(sha256)));
    } catch (NoSuchFileException e) {
      entries.remove(sha256);
      return null;
    }
  }

  /**
   * Takes a finished download: checks its hash, moves it in place, keeps it until {@code keepUntil} (or the
   * later of that and what it was kept for already).
   *
   * @return false (and the file deleted) when its content does not hash to {@code sha256}
   */
  public boolean store(String sha256, Path download, long keepUntil) throws IOException {
    check(sha256);
    if (!sha256(download).equals(sha256)) {
      Files.deleteIfExists(download);
      return false;
    }
    Files.move(download, dir.resolve(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    keep(sha256, keepUntil);
    evict();
    return true;
  }

  /** Keeps a file it holds until at least {@code keepUntil}. */
  public void keep(String sha256, long keepUntil) throws IOException {
    Entry old = entries.get(sha256);
    long expiresAt = old == null ? keepUntil : Math.max(old.expiresAt(), keepUntil);
    Files.writeString(dir.resolve(sha256 + ".expires"), Long.toString(expiresAt), StandardCharsets.US_ASCII);
    entries.put(sha256, new Entry(Files.size(dir.resolve(sha256)), expiresAt));
  }

  /** Deletes expired files, then the soonest-expiring ones while over the size bound. */
  public synchronized void evict() {
    long now = clock.getAsLong();
    List<Map.Entry<String, Entry>> all = new ArrayList<>(entries.entrySet());
    all.sort(Comparator.comparingLong(e -> e.getValue().expiresAt()));
    long total = totalBytes();
    for (Map.Entry<String, Entry> e : all) {
      boolean expired = e.getValue().expiresAt() <= now;
      if (expired || total > maxBytes) {
        LOG.info("cache: evicted {} ({})", e.getKey(), expired ? "expired" : "over " + maxBytes + " bytes");
        delete(e.getKey());
        total -= e.getValue().bytes();
      }
    }
  }

  public long totalBytes() {
    return entries.values().stream().mapToLong(Entry::bytes).sum();
  }

  public int files() {
    return entries.size();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** How long verifying every file took when the cache opened. */
  public long verifyMillis() {
    return verifyMillis;
  }

  private void delete(String sha256) {
    entries.remove(sha256);
    try {
      Files.deleteIfExists(dir.resolve(sha256));
      Files.deleteIfExists(dir.resolve(sha256 + ".expires"));
    } catch (IOException e) {
      LOG.warn("cache: cannot delete {}: {}", sha256, e.toString());
    }
  }

  private long readExpiry(String sha256) {
    try {
      return Long.parseLong(Files.readString(dir.resolve(sha256 + ".expires"), StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return 0; // unknown: expired, evicted at once
    }
  }

  private static String check(String sha256) {
    if (!SHA.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a lower-case SHA-256: " + sha256);
    }
    return sha256;
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
