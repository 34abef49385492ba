package org.dalaba.hub.signing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Turns a command into the payload the hub publishes: its JSON with {@code kid} and, last, {@code sig}
 * added (see {@link CommandSignature}). The command object itself is not changed. CPU work of about a
 * tenth of a millisecond: call it off the event loop when signing many.
 */
public final class CommandSigner {
  private final CommandKey key;
  private final byte[] kidMember;

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
    // {…} → {…,"kid":"…"}
    byte[] unsigned = new byte[json.length - 1 + kidMember.length];
    System.arraycopy(json, 0, unsigned, 0, json.length - 1);
    System.arraycopy(kidMember, 0, unsigned, json.length - 1, kidMember.length);
    return CommandSignature.attach(unsigned, signature(CommandSignature.signedBytes(topic, unsigned)));
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
