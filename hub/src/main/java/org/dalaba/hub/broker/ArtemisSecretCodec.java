package org.dalaba.hub.broker;

import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.activemq.artemis.utils.SensitiveDataCodec;

/**
 * Runs inside an ActiveMQ Artemis broker, not in the hub: lets Artemis's properties login module check passwords
 * against the hashes the hub keeps ({@code $7$<iterations>$<salt>$<hash>}, PBKDF2-HMAC-SHA512, see {@link SecretHash}).
 * Artemis's own codec only knows PBKDF2-HMAC-SHA1 with a fixed format, and the hub holds no plaintext endpoint
 * secret to re-hash, so the users file carries {@code ENC($7$...)} and the login module is configured with this
 * class ({@link ArtemisFiles#loginConfig}). {@link ArtemisFiles} writes it into a jar for the broker's {@code lib/}.
 *
 * <p>Self-contained on purpose: only the JDK and Artemis's interface, since nothing else of the hub is on the
 * broker's class path.
 */
public final class ArtemisSecretCodec implements SensitiveDataCodec<String> {
  private static final String PREFIX = "$7$";
  /** Hashes from elsewhere are refused rather than made expensive (the hub writes 101 iterations). */
  private static final int MAX_ITERATIONS = 1_000_000;

  @Override
  public String decode(Object mask) {
    throw new UnsupportedOperationException("one-way hashes cannot be decoded");
  }

  @Override
  public String encode(Object secret) {
    throw new UnsupportedOperationException("the hub writes the hashes (org.dalaba.hub.broker.SecretHash)");
  }

  @Override
  public boolean verify(char[] password, String stored) {
    if (password == null || stored == null || !stored.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[0]);
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] expected = Base64.getDecoder().decode(parts[2]);
      if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
        return false;
      }
      // the hub hashes the UTF-8 bytes; PBEKeySpec takes chars, and the JDK's PBKDF2 encodes them as UTF-8
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, expected.length * 8);
      byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
      spec.clearPassword();
      return MessageDigest.isEqual(expected, actual);
    } catch (Exception e) {
      return false;
    }
  }
}
