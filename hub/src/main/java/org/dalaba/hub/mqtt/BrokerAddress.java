package org.dalaba.hub.mqtt;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One node of the broker the hub connects to, read from {@code mqtt.url}: {@code tcp://host:port} (default port 1883) or
 * {@code ssl://host:port} (default 8883). The nodes of a broker cluster are given comma-separated and tried in order.
 */
public record BrokerAddress(String host, int port, boolean tls) {

  /** @throws IllegalArgumentException worded for an operator, naming the address that is wrong */
  public static List<BrokerAddress> parseAll(String commaSeparated) {
    List<BrokerAddress> nodes = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        nodes.add(parse(part.trim()));
      }
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no MQTT broker address given (mqtt.url), e.g. tcp://broker:1883");
    }
    return List.copyOf(nodes);
  }

  static BrokerAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw bad(url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = switch (scheme) {
      case "tcp" -> false;
      case "ssl" -> true;
      default -> throw bad(url);
    };
    if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
      throw bad(url);
    }
    int port = uri.getPort() == -1 ? (tls ? 8883 : 1883) : uri.getPort();
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    return new BrokerAddress(host, port, tls);
  }

  private static IllegalArgumentException bad(String url) {
    return new IllegalArgumentException("the MQTT broker address \"" + url
        + "\" is not of the form tcp://host:port or ssl://host:port (mqtt.url)");
  }

  @Override
  public String toString() {
    return (tls ? "ssl://" : "tcp://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
