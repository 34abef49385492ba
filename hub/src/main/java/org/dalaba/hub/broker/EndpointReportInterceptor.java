package org.dalaba.hub.broker;

import org.dalaba.hub.mqtt.ReportTap;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Sits on every connection but the hub's: hands the endpoint's receipts and heartbeats to the {@link ReportTap},
 * and logs what the broker is about to refuse. HiveMQ runs interceptors before it checks the connection's
 * permissions ({@link ConnectPermissions}), so this checks {@link TopicPermissions} itself and passes on only
 * what the broker will accept; the refusal itself is the broker's. Retained publishes are refused except on
 * the status topic, and a report larger than {@link #MAX_REPORT_BYTES} is not delivered (nor retained). A tapped report
 * is acknowledged without being routed while no other client subscribed to such reports ({@link ReportSubscribers}).
 */
final class EndpointReportInterceptor implements PublishInboundInterceptor, SubscribeInboundInterceptor {
  private static final String STATUS = "/status";
  private static final byte[] NO_BYTES = new byte[0];
  /** Reports are at most a few KB (docs/protocol.md); the broker itself takes packets up to 256 KB for the hub. */
  static final int MAX_REPORT_BYTES = org.dalaba.hub.config.Limits.DEVICE_REPORT_BYTES;

  private final Account account;
  private final TopicPermissions permissions;
  private final ReportTap tap;
  private final RefusalLog refusals;
  private final EndpointConnections connections;
  private final ReportSubscribers subscribers;
  private final String connection;

  EndpointReportInterceptor(Account account, TopicPermissions permissions, ReportTap tap, RefusalLog refusals,
                            EndpointConnections connections, ReportSubscribers subscribers, String connection) {
    this.account = account;
    this.subscribers = subscribers;
    this.permissions = permissions;
    this.tap = tap;
    this.refusals = refusals;
    this.connections = connections;
    this.connection = connection;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!permissions.mayPublish(account, topic)) {
      refusals.refused("publish", input.getClientInformation().getClientId(), "to '" + topic + "'");
      return;
    }
    if (input.getPublishPacket().getRetain() && !permissions.mayRetain(account, topic)) {
      refusals.refused("retained publish", input.getClientInformation().getClientId(), "to '" + topic + "'");
      return;
    }
    int size = input.getPublishPacket().getPayload().map(java.nio.ByteBuffer::remaining).orElse(0);
    if (size > MAX_REPORT_BYTES) {
      refusals.refused("oversized publish", input.getClientInformation().getClientId(), size + " bytes to '" + topic + "'");
      output.preventPublishDelivery();
      return;
    }
    // statuses reach the hub through its subscription, with the last wills the broker publishes
    if (!topic.endsWith(STATUS)) {
      tap.offer(topic, input.getPublishPacket().getPayload().map(Buffers::copyOf).orElse(NO_BYTES));
      if (!subscribers.any()) {
        // the hub has it: a PUBACK 0x00 (on MQTT 3.1.1 a plain PUBACK) and no routing to nobody
        output.preventPublishDelivery(AckReasonCode.SUCCESS);
      }
    } else if (account.kind() == Account.Kind.ENDPOINT) {
      noteAnnouncement(input.getClientInformation().getClientId(),
          input.getPublishPacket().getPayload().map(Buffers::copyOf).orElse(NO_BYTES));
    }
  }

  /** Before the broker routes it: this connection now speaks for the endpoint's liveness (EndpointConnections). */
  private void noteAnnouncement(String clientId, byte[] payload) {
    String state;
    try {
      state = new JsonObject(Buffer.buffer(payload)).getString("state");
    } catch (RuntimeException e) {
      return; // the hub rejects and counts it when it arrives
    }
    if ("online".equals(state)) {
      connections.announced(account.endpointId(), clientId, connection);
    } else if ("offline".equals(state)) {
      connections.withdrawn(account.endpointId(), connection);
    }
  }

  @Override
  public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
    for (Subscription subscription : input.getSubscribePacket().getSubscriptions()) {
      if (!permissions.maySubscribe(account, subscription.getTopicFilter())) {
        refusals.refused("subscribe", input.getClientInformation().getClientId(),
            "to '" + subscription.getTopicFilter() + "'");
      } else {
        subscribers.granted(input.getClientInformation().getClientId(), subscription.getTopicFilter());
      }
    }
  }
}
