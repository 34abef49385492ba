package org.dalaba.hub.signing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One Ed25519 key pair the hub signs commands with, named by its key id ({@code kid} in every command).
 * {@code publicKeyRaw} is the 32-byte public key endpoints are given (RFC 8032 encoding).
 */
public record CommandKey(String kid, PrivateKey privateKey, PublicKey publicKey) {
  /** An X.509 SubjectPublicKeyInfo for Ed25519 is this 12-byte prefix followed by the 32 raw bytes. */
  static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  public byte[] publicKeyRaw() {
    byte[] spki = publicKey.getEncoded();
    return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  /** The public key as endpoints get it: base64url of the 32 raw bytes, no padding. */
  public String publicKeyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(publicKeyRaw());
  }

  @Override
  public String toString() {
    return "CommandKey[" + kid + ", private key hidden]";
  }
}
