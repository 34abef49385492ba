package org.dalaba.sim;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;

/**
 * Reaches the TCP socket under a Vert.x MQTT client, which its API does not expose, for two things the
 * simulator needs: closing it without DISCONNECT (so the broker publishes the will) and fixing its
 * decoder (see {@link WholePacketFramer}). Reads the private field {@value #FIELD} of vertx-mqtt 4.5's
 * {@code MqttClientImpl}; the will test in SimEndpointProtocolIT fails if an upgrade renames it.
 */
final class ClientSocket {

  private static final String FIELD = "connection";
  /** The name vertx-mqtt gives Netty's MqttDecoder in the pipeline. */
  private static final String DECODER = "mqttDecoder";

  private ClientSocket() {
  }

  /**
   * Closes the socket without DISCONNECT.
   *
   * @return false when the client has no socket (not connected, or not yet)
   */
  static boolean closeAbruptly(MqttClient client) {
    NetSocket socket = socket(client);
    if (socket == null) {
      return false;
    }
    socket.close();
    return true;
  }

  /**
   * Puts a {@link WholePacketFramer} in front of the MQTT decoder. Call on the client's event loop right
   * after CONNACK, before subscribing: the broker sends nothing unasked then, so no packet is half-read.
   */
  static void installFramer(MqttClient client) {
    if (socket(client) instanceof NetSocketInternal internal) {
      ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
      if (pipeline.get(DECODER) != null && pipeline.get(WholePacketFramer.NAME) == null) {
        pipeline.addBefore(DECODER, WholePacketFramer.NAME, new WholePacketFramer());
      }
    }
  }

  private static NetSocket socket(MqttClient client) {
    try {
      Field field = client.getClass().getDeclaredField(FIELD);
      field.setAccessible(true);
      return (NetSocket) field.get(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new UnsupportedOperationException("cannot reach the socket of " + client.getClass().getName(), e);
    }
  }
}
