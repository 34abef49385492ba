package org.dalaba.hub.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A stored MQTT secret: {@code SHA-256(salt ‖ password)} with a random 16-byte salt, both standard base64.
 *
 * <p>One fast hash, on purpose: the broker checks it on every CONNECT (10,000 endpoints reconnecting at
 * ~1,000/s), and the secrets are random tokens of 128 bits or more ({@link BrokerAccounts#newSecret()}), which a
 * slow hash would not make any harder to guess. Never use it for passwords people choose (operators use argon2).
 * The hub stores {@link #saltB64()} and {@link #hashB64()} (e.g. in Redis) and loads them back with
 * {@link #of(String, String)}.
 */
public record SecretHash(String saltB64, String hashB64) {
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  public SecretHash {
    Objects.requireNonNull(saltB64, "saltB64");
    Objects.requireNonNull(hashB64, "hashB64");
    byte[] salt = decode(saltB64, "salt");
    byte[] hash = decode(hashB64, "hash");
    if (salt.length < 8) {
      throw new IllegalArgumentException("salt must be at least 8 bytes, got " + salt.length);
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("hash must be " + HASH_BYTES + " bytes (SHA-256), got " + hash.length);
    }
  }

  /** Hashes {@code password} (UTF-8) with a fresh random salt. */
  public static SecretHash of(String password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return of(salt, password.getBytes(StandardCharsets.UTF_8));
  }

  /** Hashes {@code password} with the given salt. */
  public static SecretHash of(byte[] salt, byte[] password) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new SecretHash(b64.encodeToString(salt), b64.encodeToString(digest(salt, password)));
  }

  /** A stored hash read back, validated. */
  public static SecretHash of(String saltB64, String hashB64) {
    return new SecretHash(saltB64, hashB64);
  }

  /** Constant-time check of a password (raw bytes as sent in CONNECT). */
  public boolean matches(byte[] password) {
    if (password == null) {
      return false;
    }
    byte[] expected = Base64.getDecoder().decode(hashB64);
    return MessageDigest.isEqual(expected, digest(Base64.getDecoder().decode(saltB64), password));
  }

  /** {@code SHA-256(salt ‖ password)}. */
  public static byte[] digest(byte[] salt, byte[] password) {
    MessageDigest sha256 = sha256();
    sha256.update(salt);
    sha256.update(password);
    return sha256.digest();
  }

  @Override
  public String toString() {
    return "SecretHash[sha256, salt and hash hidden]";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not standard base64", e);
    }
  }
}
