package org.dalaba.hub.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.broker.Account;
import org.dalaba.hub.broker.ArtemisFiles;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.broker.MosquittoFiles;
import org.dalaba.hub.broker.SecretHash;
import org.dalaba.hub.broker.TopicPermissions;
import org.dalaba.hub.credentials.CredentialFiles;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;

/**
 * Makes the broker side match the directory and its credentials: the embedded broker's accounts, or
 * the password and ACL files of an external Mosquitto and the security files of an external Artemis, plus the credential files for provisioning.
 * Run at start-up and after every directory import. Blocking (file I/O, hashing): call on a worker.
 */
public final class Provisioning {
  private final Path dataDir;
  private final BrokerAccounts embeddedAccounts;

  /** @param embeddedAccounts the embedded broker's accounts, or null with an external broker */
  public Provisioning(Path dataDir, BrokerAccounts embeddedAccounts) {
    this.dataDir = dataDir;
    this.embeddedAccounts = embeddedAccounts;
  }

  public Path mosquittoDir() {
    return dataDir.resolve("mosquitto");
  }

  Path artemisDir() {
    return dataDir.resolve("artemis");
  }

  public void apply(Directory directory, Credentials credentials) throws IOException {
    CredentialFiles.write(dataDir, directory, credentials);
    Map<Account, SecretHash> accounts = accounts(directory, credentials);
    if (embeddedAccounts != null) {
      embeddedAccounts.replaceAll(accounts);
    } else {
      Files.createDirectories(mosquittoDir());
      List<MosquittoFiles.Credential> all = new ArrayList<>();
      accounts.forEach((account, hash) -> all.add(MosquittoFiles.Credential.ofHash(account, hash)));
      new MosquittoFiles(new TopicPermissions()).write(all, mosquittoDir().resolve("passwd"), mosquittoDir().resolve("acl"));
      // the same accounts for an ActiveMQ Artemis broker or cluster (docs/operations.md, "MQTT broker cluster")
      new ArtemisFiles(new TopicPermissions()).write(all, artemisDir());
    }
  }

  /** Every account with its hash: the endpoints' as stored, the hub's and monitor's hashed here (two). */
  static Map<Account, SecretHash> accounts(Directory directory, Credentials credentials) {
    Map<Account, SecretHash> accounts = new HashMap<>();
    accounts.put(Account.hub(credentials.hubUsername()), SecretHash.of(credentials.hubPassword()));
    accounts.put(Account.monitor(Credentials.MONITOR_USERNAME), SecretHash.of(credentials.monitorPassword()));
    for (Endpoint endpoint : directory.endpoints().values()) {
      accounts.put(Account.endpoint(endpoint.id(), endpoint.villageId(), endpoint.townshipId()),
          SecretHash.parse(credentials.endpointHashes().get(endpoint.id())));
    }
    return accounts;
  }
}
