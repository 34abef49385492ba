package org.dalaba.sim;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the CLI's endpoint specs from the directory file, the credentials file and {@code --count}. */
final class SpecLoader {

  private static final Logger LOG = LoggerFactory.getLogger(SpecLoader.class);

  private SpecLoader() {
  }

  static List<SimEndpointSpec> load(CliOptions cli) throws UsageException {
    List<DirectoryFile.Entry> entries = DirectoryFile.load(cli.directory);
    if (entries.isEmpty()) {
      throw new UsageException("directory " + cli.directory + " has no endpoints");
    }
    if (cli.count != null && cli.count > entries.size()) {
      throw new UsageException("--count " + cli.count + " but directory " + cli.directory + " has only "
          + entries.size() + " endpoints");
    }
    List<DirectoryFile.Entry> chosen = cli.count == null ? entries : entries.subList(0, cli.count);

    Map<String, String> passwords = null;
    if (cli.credentialsGiven || Files.exists(cli.credentials)) {
      passwords = CredentialsFile.load(cli.credentials);
    } else {
      LOG.warn("no credentials file at {}: connecting with empty passwords, which only a broker that allows"
          + " anonymous clients accepts (give --credentials FILE)", cli.credentials);
    }

    List<SimEndpointSpec> specs = new ArrayList<>(chosen.size());
    for (DirectoryFile.Entry entry : chosen) {
      String password = "";
      if (passwords != null) {
        password = passwords.get(entry.endpointId());
        if (password == null) {
          throw new UsageException("no password for endpoint " + entry.endpointId() + " in " + cli.credentials);
        }
      }
      specs.add(new SimEndpointSpec(entry.endpointId(), entry.villageId(), entry.townshipId(), password));
    }
    return specs;
  }
}
