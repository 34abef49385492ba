package org.dalaba.hub.broker;

import org.dalaba.hub.mqtt.ReportTap;
import org.dalaba.hub.logging.LogText;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.SessionInformation;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
  /** A number unique to each endpoint connection, to tell a closed connection from its successor (EndpointConnections). */
  static final String CONNECTION_ATTRIBUTE = "dalaba.connection";

  private final BrokerAccounts accounts;
  private final TopicPermissions permissions;
  private final ReportTap tap;
  private final RefusalLog refusals = new RefusalLog();
  private final ConnectAuthenticator authenticator;
  private final AtomicBoolean active = new AtomicBoolean();
  private final EndpointConnections connections;
  private final AtomicLong connectionCounter = new AtomicLong();
  private final ReportSubscribers reportSubscribers = new ReportSubscribers();

  SecurityExtension(BrokerAccounts accounts, TopicPermissions permissions, ReportTap tap, EndpointConnections connections) {
    this.accounts = accounts;
    this.permissions = permissions;
    this.tap = tap;
    this.connections = connections;
    this.authenticator = new ConnectAuthenticator(accounts, permissions, refusals);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    Services.initializerRegistry().setClientInitializer(this::initialize);
    Services.eventRegistry().setClientLifecycleEventListener(providerInput -> new ConnectionEnd());
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

  /**
   * Runs once per connection after it authenticated. A hub-account connection may publish and subscribe to anything:
   * only its subscriptions are watched, for {@link ReportSubscribers}; every other connection gets the report interceptor.
   */
  private void initialize(InitializerInput input, ClientContext client) {
    Optional<Account> account = input.getConnectionInformation().getConnectionAttributeStore()
        .getAsString(ConnectAuthenticator.USERNAME_ATTRIBUTE)
        .flatMap(accounts::find);
    if (account.isPresent() && account.get().kind() == Account.Kind.HUB) {
      client.addSubscribeInboundInterceptor((in, out) -> in.getSubscribePacket().getSubscriptions().forEach(subscription ->
          reportSubscribers.granted(in.getClientInformation().getClientId(), subscription.getTopicFilter())));
    } else if (account.isPresent()) {
      String connection = Long.toString(connectionCounter.incrementAndGet());
      input.getConnectionInformation().getConnectionAttributeStore().putAsString(CONNECTION_ATTRIBUTE, connection);
      EndpointReportInterceptor interceptor = new EndpointReportInterceptor(account.get(), permissions, tap, refusals,
          connections, reportSubscribers, connection);
      client.addPublishInboundInterceptor(interceptor);
      client.addSubscribeInboundInterceptor(interceptor);
    }
  }

  /** However a connection ends, the endpoint it announced online (if it did) is no longer reachable through it. */
  private final class ConnectionEnd implements ClientLifecycleEventListener {
    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
      var attributes = input.getConnectionInformation().getConnectionAttributeStore();
      Optional<String> connection = attributes.getAsString(CONNECTION_ATTRIBUTE);
      // an endpoint's username is its id; not looked up again, so a withdrawn account's announcement ends too
      Optional<String> username = attributes.getAsString(ConnectAuthenticator.USERNAME_ATTRIBUTE);
      if (connection.isPresent() && username.isPresent()) {
        connections.closed(username.get(), connection.get());
      }
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
