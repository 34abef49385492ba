package org.dalaba.hub.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dalaba.hub.broker.BrokerAccounts;

/** The bearer token of {@code /metrics}: configured ({@code metrics.token}), else made once into {@code credentials/metrics.token}. */
public final class MetricsToken {
  public static final String FILE = "metrics.token";

  private MetricsToken() {
  }

  /** Blocking: start-up only. */
  public static String load(Path dataDir, String configured) throws IOException {
    if (!configured.isBlank()) {
      return configured;
    }
    Path file = dataDir.resolve("credentials").resolve(FILE);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    Files.createDirectories(file.getParent());
    String token = BrokerAccounts.newSecret();
    CredentialFiles.writeSecret(file, token);
    return token;
  }
}
