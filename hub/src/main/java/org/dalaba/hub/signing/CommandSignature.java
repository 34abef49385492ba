package org.dalaba.hub.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The byte layout of a signed command (docs/protocol.md, "Command signatures"), shared by the hub that
 * signs and by anyone who checks. A signed payload ends in exactly {@value #SUFFIX_BYTES} bytes,
 * {@code ,"sig":"} + 86 base64url characters (64 signature bytes, no padding) + {@code "}}; the bytes
 * signed are the topic, one newline, and the payload with that suffix replaced by a single {@code }}.
 * A fixed-length suffix lets an endpoint in C find the signature and the signed bytes without parsing
 * or re-serialising JSON; the topic is signed so a command for one village cannot be replayed to all.
 */
public final class CommandSignature {
  static final byte[] SIG_MEMBER = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
  static final int SIGNATURE_BYTES = 64;
  static final int SIGNATURE_CHARS = 86;
  /** {@code ,"sig":"} (8) + 86 + {@code "}} (2). */
  public static final int SUFFIX_BYTES = SIG_MEMBER.length + SIGNATURE_CHARS + 2;

  private CommandSignature() {
  }

  /** The bytes to sign for a payload that does not yet carry its signature (it ends in {@code }}). */
  public static byte[] signedBytes(String topic, byte[] unsignedPayload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 1 + unsignedPayload.length];
    System.arraycopy(t, 0, out, 0, t.length);
    out[t.length] = '\n';
    System.arraycopy(unsignedPayload, 0, out, t.length + 1, unsignedPayload.length);
    return out;
  }

  /** {@code unsignedPayload} with its closing brace replaced by the signature member and a brace. */
  public static byte[] attach(byte[] unsignedPayload, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + signature.length);
    }
    byte[] sig = Base64.getUrlEncoder().withoutPadding().encode(signature);
    int body = unsignedPayload.length - 1;
    byte[] out = Arrays.copyOf(unsignedPayload, body + SUFFIX_BYTES);
    System.arraycopy(SIG_MEMBER, 0, out, body, SIG_MEMBER.length);
    System.arraycopy(sig, 0, out, body + SIG_MEMBER.length, sig.length);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  /** A signed payload taken apart: the signature and the bytes it covers; null when the suffix is not there. */
  public static Parts split(String topic, byte[] payload) {
    if (payload.length < SUFFIX_BYTES + 2 || payload[payload.length - 1] != '}' || payload[payload.length - 2] != '"') {
      return null;
    }
    int start = payload.length - SUFFIX_BYTES;
    for (int i = 0; i < SIG_MEMBER.length; i++) {
      if (payload[start + i] != SIG_MEMBER[i]) {
        return null;
      }
    }
    byte[] encoded = Arrays.copyOfRange(payload, start + SIG_MEMBER.length, payload.length - 2);
    for (byte b : encoded) {
      if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_')) {
        return null;
      }
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return null;
    }
    byte[] unsigned = Arrays.copyOf(payload, start + 1);
    unsigned[start] = '}';
    return new Parts(signature, signedBytes(topic, unsigned));
  }

  /** @param signedBytes topic, newline, payload without the signature member */
  public record Parts(byte[] signature, byte[] signedBytes) {
  }
}
