package org.dalaba.hub.escalation.channel;

import java.util.Map;

/**
 * One configured notification channel (an entry of {@code notify.channels}): where its requests go and, for the
 * SMS gateway, what they look like. {@code secret} (DingTalk signing) and header values may hold credentials:
 * {@link #toString} leaves them out, so a channel can be logged.
 *
 * @param method   HTTP method (POST for the robots and the webhook; POST or GET for an SMS gateway)
 * @param headers  extra request headers (e.g. an Authorization of a webhook or gateway)
 * @param body     SMS only: the body template with {@code ${…}} placeholders (null for a GET)
 * @param encoding SMS only: how placeholder values are escaped in the body
 */
public record Channel(String id, Type type, String url, String method, Map<String, String> headers, String secret,
                      String body, Template.Escaping encoding) {

  /** The kinds of channel, by their wire name (also the {@code channel} of a notification record). */
  public enum Type {
    WEBHOOK, WECOM, DINGTALK, SMS;

    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** @return the type, or null when the text names none */
    public static Type parse(String text) {
      for (Type type : values()) {
        if (type.wire().equals(text)) {
          return type;
        }
      }
      return null;
    }
  }

  public Channel {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "Channel[" + id + ", " + type.wire() + ", " + Template.withoutQuery(url) + "]";
  }
}
