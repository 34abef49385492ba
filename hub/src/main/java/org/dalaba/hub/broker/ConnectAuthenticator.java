package org.dalaba.hub.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.util.Optional;

/**
 * Decides every CONNECT on the embedded broker (HiveMQ calls it on its own threads, so it must not block):
 * username and secret against {@link BrokerAccounts}, then the client id rule. Refuses with
 * {@code BAD_USER_NAME_OR_PASSWORD} (MQTT 3.1.1 CONNACK 4) or {@code NOT_AUTHORIZED} (CONNACK 5).
 * Gives the connection its topic rights for its whole life ({@link ConnectPermissions}) and remembers the
 * username on it for {@link SecurityExtension}'s client initializer.
 */
final class ConnectAuthenticator implements SimpleAuthenticator {
  /** Connection attribute holding the authenticated username. */
  static final String USERNAME_ATTRIBUTE = "dalaba.username";

  private final BrokerAccounts accounts;
  private final TopicPermissions permissions;
  private final ConnectPermissions rights;
  private final RefusalLog refusals;

  ConnectAuthenticator(BrokerAccounts accounts, TopicPermissions permissions, RefusalLog refusals) {
    this.accounts = accounts;
    this.permissions = permissions;
    this.rights = new ConnectPermissions(permissions);
    this.refusals = refusals;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    String clientId = input.getClientInformation().getClientId();
    String username = connect.getUserName().orElse(null);
    Optional<Account> account = accounts.authenticate(username, connect.getPassword().map(Buffers::copyOf).orElse(null));
    if (account.isEmpty()) {
      refusals.refused("bad username or password", clientId, "as user '" + username + "'");
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad username or password");
      return;
    }
    if (!clientIdAllowed(account.get(), clientId)) {
      refusals.refused("foreign client id", clientId, "as user '" + username + "'");
      output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
          "client id must be the username or start with the username and '-'");
      return;
    }
    ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
    attributes.putAsString(USERNAME_ATTRIBUTE, username);
    rights.grant(account.get(), output.getDefaultPermissions());
    if (!accounts.find(username).equals(account)) {
      // Re-imported while we were granting: this connection would keep the old rights, which the
      // disconnection of changed accounts may miss (it is not connected yet). Let it come back for new ones.
      output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "accounts changed, connect again");
      return;
    }
    output.authenticateSuccessfully();
  }

  /** The rule of {@link TopicPermissions#clientIdAllowed}, and never another account's exact username. */
  private boolean clientIdAllowed(Account account, String clientId) {
    return permissions.clientIdAllowed(account, clientId)
        && (clientId.equals(account.username()) || !accounts.contains(clientId));
  }
}
