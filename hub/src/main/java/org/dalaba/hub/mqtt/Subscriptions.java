package org.dalaba.hub.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the hub's topic filters the broker has granted on the current connection, read from the SUBACK
 * reason codes (MQTT 5 §3.9.3: below 0x80 is the granted QoS, 0x80 and above a refusal). Updated and read on
 * the hub's context; {@link #refused()} may be read from any thread.
 */
final class Subscriptions {
  private final Map<String, Integer> wanted;
  private final Set<String> held = new LinkedHashSet<>();
  private volatile Map<String, Integer> refused = Map.of();

  Subscriptions(Map<String, Integer> wanted) {
    this.wanted = new LinkedHashMap<>(wanted);
  }

  /** A new connection starts clean: nothing is held. */
  void reset() {
    held.clear();
    refused = Map.of();
  }

  /** The filters not held yet, to subscribe (again). */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String filter : wanted.keySet()) {
      if (!held.contains(filter)) {
        missing.add(filter);
      }
    }
    return missing;
  }

  int qos(String filter) {
    return wanted.get(filter);
  }

  /**
   * Records a SUBACK for {@code filters}.
   *
   * @param codes one reason code per filter; null or too short (no SUBACK, e.g. a timeout) counts the rest as 0x80
   * @return the filters refused by this SUBACK with their codes
   */
  Map<String, Integer> acknowledge(List<String> filters, int[] codes) {
    Map<String, Integer> nowRefused = new LinkedHashMap<>(refused);
    Map<String, Integer> thisTime = new LinkedHashMap<>();
    for (int i = 0; i < filters.size(); i++) {
      int code = codes != null && i < codes.length ? codes[i] : 0x80;
      String filter = filters.get(i);
      if (code < 0x80) {
        held.add(filter);
        nowRefused.remove(filter);
      } else {
        nowRefused.put(filter, code);
        thisTime.put(filter, code);
      }
    }
    refused = Map.copyOf(nowRefused);
    return thisTime;
  }

  boolean allHeld() {
    return held.containsAll(wanted.keySet());
  }

  /** The filters the broker refused on this connection, with the last reason code of each. */
  Map<String, Integer> refused() {
    return refused;
  }

  /** The MQTT 5 name of a SUBACK reason code, for logs and {@code /health}. */
  static String reasonName(int code) {
    return switch (code) {
      case 0x80 -> "Unspecified error";
      case 0x83 -> "Implementation specific error";
      case 0x87 -> "Not authorized";
      case 0x8F -> "Topic Filter invalid";
      case 0x91 -> "Packet Identifier in use";
      case 0x97 -> "Quota exceeded";
      case 0x9E -> "Shared Subscriptions not supported";
      case 0xA1 -> "Subscription Identifiers not supported";
      case 0xA2 -> "Wildcard Subscriptions not supported";
      default -> code < 0x80 ? "Granted QoS " + code : "Refused";
    };
  }
}
