package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WholePacketFramerTest {

  @Test
  void packetsSplitAtEveryPossibleByteStillDecode() {
    // GIVEN three PUBLISH packets back to back, as one burst of bytes
    EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    for (int i = 0; i < 3; i++) {
      encoder.writeOutbound(MqttMessageBuilders.publish()
          .topicName(Topics.cmdEndpoint("211282105001-0" + i))
          .qos(MqttQoS.AT_LEAST_ONCE)
          .messageId(i + 1)
          .payload(Unpooled.copiedBuffer("{\"v\":1,\"id\":\"c-" + i + "\"}", StandardCharsets.UTF_8))
          .build());
    }
    ByteBuf burst = Unpooled.buffer();
    for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
      burst.writeBytes(part);
      part.release();
    }

    // WHEN the burst arrives cut in two at every position
    for (int cut = 1; cut < burst.readableBytes(); cut++) {
      EmbeddedChannel channel = new EmbeddedChannel(new WholePacketFramer(), new MqttDecoder(16_384));
      channel.writeInbound(burst.retainedSlice(0, cut));
      channel.writeInbound(burst.retainedSlice(cut, burst.readableBytes() - cut));

      // THEN the decoder gets the three packets intact
      List<String> topics = new ArrayList<>();
      for (Object msg; (msg = channel.readInbound()) != null; ) {
        MqttPublishMessage publish = (MqttPublishMessage) msg;
        assertTrue(publish.decoderResult().isSuccess(), "cut at " + cut + ": " + publish.decoderResult());
        topics.add(publish.variableHeader().topicName());
        publish.release();
      }
      assertEquals(3, topics.size(), "cut at " + cut);
      channel.finishAndReleaseAll();
    }
    burst.release();
  }
}
