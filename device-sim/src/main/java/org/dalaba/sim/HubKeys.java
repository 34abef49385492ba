package org.dalaba.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub public keys an endpoint trusts, by key id: what the hub writes to
 * {@code data/credentials/hub-keys.txt} ({@code kid base64url-public-key} per line, {@code #} comments),
 * docs/protocol.md "Command signatures". Immutable, thread-safe.
 */
public final class HubKeys {
  public static final Path DEFAULT_PATH = Path.of("data", "credentials", "hub-keys.txt");
  /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key, followed by its 32 raw bytes. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final Map<String, PublicKey> byKid;

  private HubKeys(Map<String, PublicKey> byKid) {
    this.byKid = Map.copyOf(byKid);
  }

  /** @param rawKeys key id → 32-byte Ed25519 public key */
  public static HubKeys of(Map<String, byte[]> rawKeys) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    rawKeys.forEach((kid, raw) -> keys.put(kid, publicKey(raw)));
    return new HubKeys(keys);
  }

  public static HubKeys load(Path file) throws UsageException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new UsageException("hub key file " + file + " does not exist");
    } catch (IOException e) {
      throw new UsageException("cannot read hub key file " + file + ": " + e.getMessage(), e);
    }
  }

  static HubKeys parse(List<String> lines, String source) throws UsageException {
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      byte[] key = null;
      if (fields.length == 2) {
        try {
          key = Base64.getUrlDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
          key = null;
        }
      }
      if (key == null || key.length != 32) {
        throw new UsageException(source + " line " + (i + 1) + ": expected \"key-id base64url-Ed25519-public-key\"");
      }
      raw.put(fields[0], key);
    }
    if (raw.isEmpty()) {
      throw new UsageException(source + ": no hub key in it");
    }
    return of(raw);
  }

  Optional<PublicKey> byKid(String kid) {
    return Optional.ofNullable(byKid.get(kid));
  }

  public int size() {
    return byKid.size();
  }

  private static PublicKey publicKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    byte[] spki = new byte[SPKI_PREFIX.length + 32];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }
}
