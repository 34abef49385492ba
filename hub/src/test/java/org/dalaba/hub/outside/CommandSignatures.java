package org.dalaba.hub.outside;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The endpoint's check of docs/protocol.md "Command signatures", with the JDK's own Ed25519. */
final class CommandSignatures {
  private static final byte[] X509_ED25519_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final Pattern TAIL = Pattern.compile(",\"sig\":\"[A-Za-z0-9_-]{86}\"}");
  private final Map<String, PublicKey> keys = new HashMap<>();

  /** From the provisioning file's {@code hubKeys}: {@code [{"kid","publicKey"}]}, the key as base64url of 32 bytes. */
  CommandSignatures(JsonArray hubKeys) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    for (Object o : hubKeys) {
      JsonObject key = (JsonObject) o;
      byte[] raw = Base64.getUrlDecoder().decode(key.getString("publicKey"));
      byte[] encoded = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + raw.length);
      System.arraycopy(raw, 0, encoded, X509_ED25519_PREFIX.length, raw.length);
      keys.put(key.getString("kid"), factory.generatePublic(new X509EncodedKeySpec(encoded)));
    }
  }

  /** Steps 1–5 of the document: true only for a payload signed, on this topic, by a key this endpoint was given. */
  boolean verify(String topic, byte[] payload, String kid) {
    if (payload.length < 98 || kid == null || !keys.containsKey(kid)) {
      return false;
    }
    String tail = new String(payload, payload.length - 96, 96, StandardCharsets.US_ASCII);
    if (!TAIL.matcher(tail).matches()) {
      return false;
    }
    byte[] sig = Base64.getUrlDecoder().decode(tail.substring(8, 94));
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[topicBytes.length + 1 + payload.length - 96 + 1];
    System.arraycopy(topicBytes, 0, signed, 0, topicBytes.length);
    signed[topicBytes.length] = '\n';
    System.arraycopy(payload, 0, signed, topicBytes.length + 1, payload.length - 96);
    signed[signed.length - 1] = '}';
    try {
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(keys.get(kid));
      check.update(signed);
      return check.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
