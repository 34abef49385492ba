package org.dalaba.hub.mqtt;

/** A publish refused because the gateway already holds {@code mqtt.publishQueueMax} publishes (see docs/configuration.md). */
public final class PublishQueueFullException extends RuntimeException {
  PublishQueueFullException(int max) {
    super("the MQTT publish queue is full (" + max + " publishes waiting, mqtt.publishQueueMax); re-sends will retry");
  }
}
