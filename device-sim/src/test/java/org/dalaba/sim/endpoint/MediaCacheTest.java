package org.dalaba.sim.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint's media cache: hash-checked in and at every start, evicted by expiry, then by size. */
public class MediaCacheTest {

  @TempDir
  Path dir;
  final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void aFileIsKeptOnlyWhenItHashesToItsNameAndUntilItExpires() throws Exception {
    MediaCache cache = new MediaCache(dir, 10_000_000, now::get);
    byte[] bytes = random(1000, 1);
    String sha = sha(bytes);
    Path part = cache.partial(sha);
    Files.write(part, random(1000, 2));
    assertFalse(cache.store(sha, part, now.get() + 5_000), "other bytes under this hash are refused");
    assertFalse(Files.exists(part));
    Files.write(part, bytes);
    assertTrue(cache.store(sha, part, now.get() + 5_000));
    assertArrayEquals(bytes, cache.read(sha));
    now.addAndGet(5_001);
    cache.evict();
    assertNull(cache.read(sha), "gone once its command expired");
  }

  @Test
  void overItsBoundTheSoonestToExpireGoesFirst() throws Exception {
    MediaCache cache = new MediaCache(dir, 2_500, now::get);
    String[] shas = new String[3];
    for (int i = 0; i < 3; i++) {
      byte[] bytes = random(1000, 10 + i);
      shas[i] = sha(bytes);
      Files.write(cache.partial(shas[i]), bytes);
      cache.store(shas[i], cache.partial(shas[i]), now.get() + 60_000 - i * 10_000L);
    }
    assertFalse(cache.has(shas[2]), "the one expiring first was evicted");
    assertTrue(cache.has(shas[0]) && cache.has(shas[1]));
    assertEquals(2_000, cache.totalBytes());
  }

  @Test
  void atStartEveryFileIsVerifiedAndACorruptOneDeleted() throws Exception {
    MediaCache cache = new MediaCache(dir, 1L << 30, now::get);
    int files = 20;
    String corrupt = null;
    for (int i = 0; i < files; i++) {
      byte[] bytes = random(2_500_000, 100 + i);
      String sha = sha(bytes);
      Files.write(cache.partial(sha), bytes);
      cache.store(sha, cache.partial(sha), now.get() + 3_600_000);
      corrupt = sha;
    }
    byte[] flipped = Files.readAllBytes(dir.resolve(corrupt));
    flipped[1234] ^= 1;
    Files.write(dir.resolve(corrupt), flipped); // a bad SD card
    MediaCache reopened = new MediaCache(dir, 1L << 30, now::get);
    assertEquals(files - 1, reopened.files());
    assertFalse(reopened.has(corrupt));
    System.out.printf("cache verify: %d files, %d MB in %d ms%n", files - 1, reopened.totalBytes() >> 20, reopened.verifyMillis());
  }

  public static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
