package org.dalaba.hub.signing;

import java.io.IOException;
import java.io.PrintStream;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.signing.CommandKey;
import org.dalaba.hub.signing.CommandKeys;

/** {@code --new-signing-key}: the first step of a command-key rotation (docs/operations.md, "Security"). */
public final class SigningKeyRotation {
  private SigningKeyRotation() {
  }

  /** @return the process exit code */
  public static int createNext(HubConfig config, PrintStream out) {
    CommandKeys keys = new CommandKeys(config.dataDir());
    try {
      CommandKey key = keys.create();
      out.printf("New command-signing key %s (public key %s), listed in %s.%n"
          + "1. Give every endpoint the new %s (restart the hub so provisioning files carry it too).%n"
          + "2. Once every endpoint has it, set commands.signingKeyId=%s and restart the hub.%n"
          + "3. Later, delete the old key's two files under %s, restart, and hand endpoints the shorter list.%n",
          key.kid(), key.publicKeyBase64Url(), keys.publicList(), CommandKeys.PUBLIC_LIST, key.kid(),
          config.dataDir().resolve("credentials").resolve("command-keys"));
      return 0;
    } catch (IOException e) {
      System.err.println("Could not make a new command-signing key: " + e.getMessage());
      return 1;
    }
  }
}
