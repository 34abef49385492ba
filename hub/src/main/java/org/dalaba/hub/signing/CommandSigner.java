package org.dalaba.hub.signing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Turns a command into the payload the hub publishes: its JSON with {@code kid} and, last, {@code sig}
 * added (see {@link CommandSignature}). The command object itself is not changed. The JDK's Ed25519 costs
 * 1–2 ms per signature on a loaded machine: call it off the event loop. Re-sends repeat the same bytes to the
 * same topic every few seconds to every endpoint that has not confirmed, and Ed25519 is deterministic, so
 * the last {@value #CACHED} signed payloads are kept and handed out again. Thread-safe.
 */
public final class CommandSigner {
  static final int CACHED = 20_000;

  private final CommandKey key;
  private final byte[] kidMember;
  // topic + NUL + SHA-256 of the command → signed payload; access order, the least recently used goes
  private final java.util.Map<String, byte[]> recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, byte[]> eldest) {
      return size() > CACHED;
    }
  };

  public CommandSigner(CommandKey key) {
    this.key = key;
    if (!key.kid().matches(CommandKeys.KID_PATTERN)) {
      throw new IllegalArgumentException("key id must match " + CommandKeys.KID_PATTERN + ": " + key.kid());
    }
    this.kidMember = (",\"kid\":\"" + key.kid() + "\"}").getBytes(StandardCharsets.US_ASCII);
  }

  public String kid() {
    return key.kid();
  }

  public byte[] sign(String topic, JsonObject command) {
    return sign(topic, command.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** @param json the command as encoded, a JSON object */
  public byte[] sign(String topic, byte[] json) {
    if (json.length < 3 || json[json.length - 1] != '}') {
      throw new IllegalArgumentException("a command is a non-empty JSON object");
    }
    String cacheKey = topic + '\u0000' + java.util.Base64.getEncoder().encodeToString(sha256(json));
    synchronized (recent) {
      byte[] cached = recent.get(cacheKey);
      if (cached != null) {
        return cached.clone();
      }
    }
    byte[] signed = signNow(topic, json);
    synchronized (recent) {
      recent.put(cacheKey, signed.clone());
    }
    return signed;
  }

  private byte[] signNow(String topic, byte[] json) {
    // {…} → {…,"kid":"…"}
    byte[] unsigned = new byte[json.length - 1 + kidMember.length];
    System.arraycopy(json, 0, unsigned, 0, json.length - 1);
    System.arraycopy(kidMember, 0, unsigned, json.length - 1, kidMember.length);
    return CommandSignature.attach(unsigned, signature(CommandSignature.signedBytes(topic, unsigned)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private byte[] signature(byte[] message) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key.privateKey());
      ed.update(message);
      return ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }
}
