package org.dalaba.hub.broker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stored MQTT secret in the one format both brokers accept: what Mosquitto 2's {@code mosquitto_passwd}
 * writes, {@code $7$<iterations>$<salt>$<hash>}, PBKDF2-HMAC-SHA512 over the UTF-8 secret, a 12-byte random
 * salt and a 64-byte hash, both standard base64 with padding. The embedded broker checks the same string.
 *
 * <p>{@value #ITERATIONS} iterations, Mosquitto's default: endpoint secrets are random 192-bit tokens
 * ({@link BrokerAccounts#newSecret()}), which no work factor makes harder to guess, while every CONNECT
 * after a restart pays the work (10,000 endpoints reconnecting at once). The salt and the slow hash keep a
 * stolen store from being replayed as passwords or looked up.
 */
public record SecretHash(int iterations, byte[] salt, byte[] hash) {
  public static final int ITERATIONS = 101;
  static final int SALT_BYTES = 12;
  static final int HASH_BYTES = 64;
  private static final String PREFIX = "$7$";
  private static final SecureRandom RANDOM = new SecureRandom();

  public SecretHash {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(hash, "hash");
    if (iterations < 1 || iterations > 10_000_000) {
      throw new IllegalArgumentException("iterations must be 1-10,000,000, got " + iterations);
    }
    if (salt.length < 8) {
      throw new IllegalArgumentException("salt must be at least 8 bytes, got " + salt.length);
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("hash must be " + HASH_BYTES + " bytes (SHA-512), got " + hash.length);
    }
    salt = salt.clone();
    hash = hash.clone();
  }

  /** Hashes {@code password} (UTF-8) with a fresh random salt. CPU work: not on an event loop. */
  public static SecretHash of(String password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return of(salt, password.getBytes(StandardCharsets.UTF_8), ITERATIONS);
  }

  public static SecretHash of(byte[] salt, byte[] password, int iterations) {
    return new SecretHash(iterations, salt, pbkdf2(password, salt, iterations));
  }

  /** Whether {@code text} looks like an encoded hash rather than a secret (our secrets never contain {@code $}). */
  public static boolean isEncoded(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  /** Reads {@code $7$<iterations>$<salt>$<hash>} back, validated. */
  public static SecretHash parse(String encoded) {
    if (!isEncoded(encoded)) {
      throw new IllegalArgumentException("not a $7$ password hash");
    }
    String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a $7$ hash has three fields: iterations, salt and hash");
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return new SecretHash(Integer.parseInt(parts[0]), b64.decode(parts[1]), b64.decode(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed $7$ hash: " + e.getMessage(), e);
    }
  }

  public String encoded() {
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** Constant-time check of a password (raw bytes as sent in CONNECT). CPU work: not on an event loop. */
  public boolean matches(byte[] password) {
    return password != null && MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations));
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretHash h && h.iterations == iterations && MessageDigest.isEqual(h.salt, salt)
        && MessageDigest.isEqual(h.hash, hash);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "SecretHash[pbkdf2-sha512, " + iterations + " iterations, salt and hash hidden]";
  }

  /**
   * PBKDF2-HMAC-SHA512 for one 64-byte block (RFC 8018), over raw bytes: the JDK's SecretKeyFactory takes a
   * char[] and costs several times more per call, and CONNECT passwords arrive as bytes.
   */
  static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      // HMAC keys may be empty; SecretKeySpec may not, so give an empty password a one-byte zero key (HMAC
      // pads keys with zeros to the block size, so this is the same key)
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA512"));
      mac.update(salt);
      mac.update(new byte[] {0, 0, 0, 1});
      byte[] u = mac.doFinal();
      byte[] t = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < t.length; j++) {
          t[j] ^= u[j];
        }
      }
      return t;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA512 is required of every Java platform", e);
    }
  }
}
