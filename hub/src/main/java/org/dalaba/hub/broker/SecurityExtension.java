package org.dalaba.hub.broker;

import org.dalaba.hub.logging.LogText;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.SessionInformation;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ extension: our authenticator, which fixes each connection's topic rights at CONNECT
 * ({@link ConnectPermissions}); an interceptor on every connection but the hub's that passes reports to the
 * {@link ReportTap} and logs refusals; and the disconnection of clients whose accounts were withdrawn.
 * HiveMQ starts extensions before it binds its listeners, so no client is ever let in unchecked. Embedded HiveMQ
 * allows everyone when no authenticator is registered: {@link #active()} tells {@link EmbeddedBroker} whether
 * registration happened.
 */
final class SecurityExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityExtension.class);

  private final BrokerAccounts accounts;
  private final TopicPermissions permissions;
  private final ReportTap tap;
  private final RefusalLog refusals = new RefusalLog();
  private final ConnectAuthenticator authenticator;
  private final AtomicBoolean active = new AtomicBoolean();

  SecurityExtension(BrokerAccounts accounts, TopicPermissions permissions, ReportTap tap) {
    this.accounts = accounts;
    this.permissions = permissions;
    this.tap = tap;
    this.authenticator = new ConnectAuthenticator(accounts, permissions, refusals);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    Services.initializerRegistry().setClientInitializer(this::initialize);
    accounts.onRevoked(this::disconnectClientsOf);
    active.set(true);
    LOG.debug("Dalaba authenticator and report interceptor registered");
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    accounts.onRevoked(usernames -> { });
    active.set(false);
  }

  boolean active() {
    return active.get();
  }

  /** Runs once per connection after it authenticated; the hub's own connection needs no interceptor. */
  private void initialize(InitializerInput input, ClientContext client) {
    Optional<Account> account = input.getConnectionInformation().getConnectionAttributeStore()
        .getAsString(ConnectAuthenticator.USERNAME_ATTRIBUTE)
        .flatMap(accounts::find);
    if (account.isPresent() && account.get().kind() != Account.Kind.HUB) {
      EndpointReportInterceptor interceptor = new EndpointReportInterceptor(account.get(), permissions, tap, refusals);
      client.addPublishInboundInterceptor(interceptor);
      client.addSubscribeInboundInterceptor(interceptor);
    }
  }

  /** Closes every connection of these usernames (client id = username, or username + "-" + suffix). */
  private void disconnectClientsOf(Set<String> usernames) {
    Services.clientService().iterateAllClients((context, session) -> {
      if (session.isConnected() && ownedByAny(session, usernames)) {
        LOG.info("Disconnecting MQTT client {}: its account was withdrawn or changed", LogText.of(session.getClientIdentifier()));
        Services.clientService().disconnectClient(session.getClientIdentifier());
      }
    });
  }

  private static boolean ownedByAny(SessionInformation session, Set<String> usernames) {
    String clientId = session.getClientIdentifier();
    if (usernames.contains(clientId)) {
      return true;
    }
    for (int i = clientId.indexOf('-'); i > 0; i = clientId.indexOf('-', i + 1)) {
      if (usernames.contains(clientId.substring(0, i))) {
        return true;
      }
    }
    return false;
  }
}
