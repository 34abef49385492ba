package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.sim.SimEndpointSpec;

/** Reads the endpoint credentials a hub wrote to {@code dataDir/credentials/endpoints.csv} as simulator specs. */
public final class CredentialsCsv {
  private CredentialsCsv() {
  }

  public static List<SimEndpointSpec> endpoints(Path dataDir) throws IOException {
    List<SimEndpointSpec> specs = new ArrayList<>();
    List<String> lines = Files.readAllLines(dataDir.resolve("credentials").resolve("endpoints.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      specs.add(new SimEndpointSpec(f[0], f[2], f[3], f[1]));
    }
    return specs;
  }
}
