package org.dalaba.hub.broker;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.SharedSubscription;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns {@link TopicPermissions} into the HiveMQ default permissions a connection carries from CONNECT on.
 *
 * <p>Why at CONNECT and not in an authorizer: HiveMQ runs an extension authorizer on its extension executor
 * for every PUBLISH, a thread hop and several allocations per message. An alert to 10,000 endpoints brings
 * 20,000-30,000 receipts at once; default permissions are checked inline on the connection's own event loop.
 * An account's rights are fixed for the life of its connection, so {@link SecurityExtension} disconnects the
 * clients of accounts that are removed or changed.
 */
final class ConnectPermissions {
  private final TopicPermissions permissions;
  /**
   * Subscribe permissions many connections hold alike (all, the township, the village, the hub's status), made
   * once and shared: HiveMQ keeps each connection's list, and a permission with its split topic costs about
   * 400 bytes. Bounded by the directory's townships and villages.
   */
  private final Map<String, TopicPermission> sharedSubscriptions = new ConcurrentHashMap<>();

  ConnectPermissions(TopicPermissions permissions) {
    this.permissions = permissions;
  }

  /** Replaces the connection's permissions with exactly what this account may do; everything else is denied. */
  void grant(Account account, ModifiableDefaultPermissions target) {
    target.clear();
    target.addAll(of(account));
    target.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
  }

  List<TopicPermission> of(Account account) {
    List<TopicPermission> granted = new ArrayList<>();
    switch (account.kind()) {
      case HUB -> granted.add(allow("#", MqttActivity.ALL, SharedSubscription.ALL));
      case MONITOR -> granted.add(allow(BrokerTopics.ALL_FILTER, MqttActivity.SUBSCRIBE, SharedSubscription.NOT_SHARED));
      case ENDPOINT -> {
        String own = BrokerTopics.endpoint(account.endpointId());
        for (String topic : permissions.subscriptionsOf(account)) {
          granted.add(topic.equals(own) ? subscribe(topic)
              : sharedSubscriptions.computeIfAbsent(topic, ConnectPermissions::subscribe));
        }
        for (String topic : permissions.publicationsOf(account)) {
          granted.add(Builders.topicPermission().topicFilter(topic).type(TopicPermission.PermissionType.ALLOW)
              .activity(MqttActivity.PUBLISH).sharedSubscription(SharedSubscription.NOT_SHARED)
              .retain(permissions.mayRetain(account, topic) ? TopicPermission.Retain.ALL : TopicPermission.Retain.NOT_RETAINED)
              .build());
        }
      }
      default -> { }
    }
    return granted;
  }

  private static TopicPermission subscribe(String topic) {
    return allow(topic, MqttActivity.SUBSCRIBE, SharedSubscription.NOT_SHARED);
  }

  private static TopicPermission allow(String filter, MqttActivity activity, SharedSubscription shared) {
    return Builders.topicPermission()
        .topicFilter(filter)
        .type(TopicPermission.PermissionType.ALLOW)
        .activity(activity)
        .sharedSubscription(shared)
        .build();
  }
}
