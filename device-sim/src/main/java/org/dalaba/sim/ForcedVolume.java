package org.dalaba.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * An alert's forced volume (docs/protocol.md, "alert": {@code volume}): set when its playback starts, the
 * endpoint's own volume restored when it ends however it ends (finished, cancelled, preempted). A {@code volume}
 * command during a forced alert changes the volume restored afterwards. Each method takes the volume the speaker
 * plays at now and returns the one it plays at next. Runs on its endpoint's context only.
 */
final class ForcedVolume {
  private final Map<String, Integer> expected = new HashMap<>();
  private String playingForced;
  private int own;

  /** An accepted alert; {@code volume} -1 plays it at the endpoint's own volume. */
  void expect(String alertId, int volume) {
    if (volume >= 0 && expected.size() < CommandProcessor.MEMORY) {
      expected.put(alertId, volume);
    }
  }

  int started(String commandId, int current) {
    Integer volume = expected.get(commandId);
    if (volume == null) {
      return current;
    }
    if (playingForced == null) {
      own = current;
    }
    playingForced = commandId;
    return volume;
  }

  /** Its playback ended; a preempted alert keeps its forced volume for when it plays again. */
  int ended(String commandId, boolean preempted, int current) {
    if (!preempted) {
      expected.remove(commandId);
    }
    if (!commandId.equals(playingForced)) {
      return current;
    }
    playingForced = null;
    return own;
  }

  /** It will not be played (expired, cancelled before playback, bad). */
  void forget(String commandId) {
    if (!commandId.equals(playingForced)) {
      expected.remove(commandId);
    }
  }

  /** A volume command: applied now, or after the forced alert playing now. */
  int setOwn(int volume, int current) {
    if (playingForced == null) {
      return volume;
    }
    own = volume;
    return current;
  }
}
