package org.dalaba.hub.provisioning;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.dalaba.hub.credentials.CredentialStore;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryDiff;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.directory.DirectoryService;

/**
 * Replaces the directory from an uploaded CSV or JSON file: parse and validate it whole (a bad file
 * changes nothing), store it, give new endpoints their own secrets, and bring the broker's accounts
 * (or Mosquitto's files) and the credential files in line. A dry run only reports what would change.
 */
public final class DirectoryImport {
  private final Vertx vertx;
  private final DirectoryService directory;
  private final CredentialStore credentialStore;
  private final Provisioning provisioning;
  private final String hubUsername;
  private final String configuredHubPassword;
  private volatile Credentials credentials;

  public DirectoryImport(Vertx vertx, DirectoryService directory, CredentialStore credentialStore, Provisioning provisioning,
                  Credentials credentials, String hubUsername, String configuredHubPassword) {
    this.vertx = vertx;
    this.directory = directory;
    this.credentialStore = credentialStore;
    this.provisioning = provisioning;
    this.credentials = credentials;
    this.hubUsername = hubUsername;
    this.configuredHubPassword = configuredHubPassword;
  }

  public Credentials credentials() {
    return credentials;
  }

  /** After one endpoint's secret was rotated. */
  void replaceCredentials(Credentials updated) {
    credentials = updated;
  }

  /** @param csv true for CSV, false for JSON; fails with DirectoryException (→ 400) when the file is invalid */
  public Future<JsonObject> importFile(String text, boolean csv, boolean dryRun) {
    Directory before = directory.current();
    // a province's file is 16 MiB and 20,000 villages: parsing and comparing it is worker work
    return vertx.executeBlocking(() -> {
      // the CSV has one contact column pair: a village's further contacts (JSON only) are kept from before
      Directory after = csv ? DirectoryParser.keepContacts(DirectoryParser.parseCsv(text, before.countyId(), before.countyName()), before)
          : DirectoryParser.parseJson(text);
      return new Parsed(after, DirectoryDiff.between(before, after));
    }, false).compose(parsed -> dryRun ? Future.succeededFuture(summary(parsed, true)) : replace(parsed.after()).map(summary(parsed, false)));
  }

  private record Parsed(Directory after, DirectoryDiff diff) {
  }

  private static JsonObject summary(Parsed parsed, boolean dryRun) {
    Directory after = parsed.after();
    return new JsonObject().put("dryRun", dryRun).put("diff", parsed.diff().toJson())
        .put("totals", new JsonObject().put("townships", after.townships().size()).put("villages", after.villages().size())
            .put("endpoints", after.endpoints().size()));
  }

  private Future<Void> replace(Directory after) {
    return directory.replace(after)
        .compose(d -> credentialStore.ensure(after, hubUsername, configuredHubPassword))
        .map(updated -> updated.knowing(credentials.endpointSecrets()))
        .compose(updated -> vertx.executeBlocking(() -> {
          provisioning.apply(after, updated);
          credentials = updated;
          return null;
        }, false));
  }
}
