package org.dalaba.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a command's signature as docs/protocol.md "Command signatures" tells an endpoint to, without
 * re-serialising JSON: the payload ends in {@code ,"sig":"} + 86 base64url characters + {@code "}}; the
 * signed bytes are the topic, a newline, and the payload with that suffix replaced by {@code }}; the key
 * is the trusted one named by the payload's {@code kid}. Thread-safe.
 */
final class CommandVerifier {
  private static final byte[] SIG_MEMBER = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int SIG_CHARS = 86;
  private static final int SUFFIX = SIG_MEMBER.length + SIG_CHARS + 2;

  private final HubKeys keys;

  CommandVerifier(HubKeys keys) {
    this.keys = keys;
  }

  /**
   * @param kid the payload's {@code kid} field, as parsed (null when absent)
   * @return null when the signature holds, else why not (for the receipt's detail)
   */
  String problem(String topic, byte[] payload, String kid) {
    int n = payload.length;
    if (n < SUFFIX + 2 || payload[n - 1] != '}' || payload[n - 2] != '"'
        || !Arrays.equals(payload, n - SUFFIX, n - SUFFIX + SIG_MEMBER.length, SIG_MEMBER, 0, SIG_MEMBER.length)) {
      return "no signature: the command does not end in the sig member";
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(Arrays.copyOfRange(payload, n - SUFFIX + SIG_MEMBER.length, n - 2));
    } catch (IllegalArgumentException e) {
      return "sig is not base64url";
    }
    if (kid == null) {
      return "no kid";
    }
    Optional<PublicKey> key = keys.byKid(kid);
    if (key.isEmpty()) {
      return "unknown key id " + kid;
    }
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[t.length + 1 + n - SUFFIX + 1];
    System.arraycopy(t, 0, signed, 0, t.length);
    signed[t.length] = '\n';
    System.arraycopy(payload, 0, signed, t.length + 1, n - SUFFIX);
    signed[signed.length - 1] = '}';
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key.get());
      ed.update(signed);
      return ed.verify(signature) ? null : "signature does not match";
    } catch (GeneralSecurityException e) {
      return "signature does not match";
    }
  }
}
