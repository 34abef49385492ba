package org.dalaba.hub.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import java.util.Optional;

/**
 * Applies {@link TopicPermissions} to every SUBSCRIBE and PUBLISH on the embedded broker, and to the last will
 * at CONNECT (HiveMQ authorizes the will with the publish authorizer and refuses the CONNECT with
 * NOT_AUTHORIZED when it fails). Runs on HiveMQ threads; does a map lookup and a few string comparisons.
 *
 * <p>The account is looked up by the username {@link ConnectAuthenticator} stored on the connection, so an
 * account removed from {@link BrokerAccounts} loses its rights at once, even while connected.
 *
 * <p>What clients see: a refused subscription gets failure code 0x80 in SUBACK (MQTT 5: 0x87); a refused
 * PUBLISH closes an MQTT 3.1.1 connection (HiveMQ's default; 3.1.1 has no negative PUBACK), MQTT 5 gets
 * PUBACK 0x87 Not authorized for QoS 1.
 */
final class TopicAuthorizer implements SubscriptionAuthorizer, PublishAuthorizer {
  private final BrokerAccounts accounts;
  private final TopicPermissions permissions;
  private final RefusalLog refusals;

  TopicAuthorizer(BrokerAccounts accounts, TopicPermissions permissions, RefusalLog refusals) {
    this.accounts = accounts;
    this.permissions = permissions;
    this.refusals = refusals;
  }

  @Override
  public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    String filter = input.getSubscription().getTopicFilter();
    Optional<Account> account = accountOf(input);
    if (account.isPresent() && permissions.maySubscribe(account.get(), filter)) {
      output.authorizeSuccessfully();
    } else {
      refusals.refused("subscribe", clientId(input), "to '" + filter + "'");
      output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized to subscribe to " + filter);
    }
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    String topic = input.getPublishPacket().getTopic();
    Optional<Account> account = accountOf(input);
    if (account.isPresent() && permissions.mayPublish(account.get(), topic)) {
      output.authorizeSuccessfully();
    } else {
      refusals.refused("publish", clientId(input), "to '" + topic + "'");
      output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not authorized to publish to " + topic);
    }
  }

  private Optional<Account> accountOf(ClientBasedInput input) {
    return input.getConnectionInformation().getConnectionAttributeStore()
        .getAsString(ConnectAuthenticator.USERNAME_ATTRIBUTE)
        .flatMap(accounts::find);
  }

  private static String clientId(ClientBasedInput input) {
    return input.getClientInformation().getClientId();
  }
}
