package org.dalaba.hub.directory;

/** One loudspeaker controller. Its id is also its MQTT username: {@code {villageId}-{nn}}. */
public record Endpoint(String id, String villageId, String townshipId) {
}
