package org.dalaba.hub.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ extension that installs our authenticator and authorizer. HiveMQ starts extensions
 * before it binds its listeners, so no client is ever let in unchecked. Embedded HiveMQ allows everyone when
 * no authenticator is registered: {@link #active()} tells {@link EmbeddedBroker} whether registration happened.
 */
final class SecurityExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityExtension.class);

  private final ConnectAuthenticator authenticator;
  private final TopicAuthorizer authorizer;
  private final AtomicBoolean active = new AtomicBoolean();

  SecurityExtension(BrokerAccounts accounts, TopicPermissions permissions) {
    RefusalLog refusals = new RefusalLog();
    this.authenticator = new ConnectAuthenticator(accounts, permissions, refusals);
    this.authorizer = new TopicAuthorizer(accounts, permissions, refusals);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SecurityRegistry registry = Services.securityRegistry();
    registry.setAuthenticatorProvider(providerInput -> authenticator);
    registry.setAuthorizerProvider(providerInput -> authorizer);
    active.set(true);
    LOG.debug("Dalaba authenticator and topic authorizer registered");
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    active.set(false);
  }

  boolean active() {
    return active.get();
  }
}
