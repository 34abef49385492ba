package org.dalaba.hub.cap;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A CAP 1.2 alert message as parsed, after the schema accepted it: only what the hub uses, in the specification's
 * names. Times keep their offsets. {@code references} are the {@code references} element's entries.
 */
public record CapMessage(String identifier, String sender, OffsetDateTime sent, String status, String msgType, String scope,
                         String note, List<Reference> references, List<Info> infos) {
  public CapMessage {
    references = List.copyOf(references);
    infos = List.copyOf(infos);
  }

  /** One entry of {@code references}: "sender,identifier,sent". */
  public record Reference(String sender, String identifier, String sent) {
    @Override
    public String toString() { return sender + "," + identifier + "," + sent; }
  }

  /** A {@code valueName}/{@code value} pair (eventCode, parameter, geocode). */
  public record NameValue(String valueName, String value) {
  }

  /** One {@code info} block; {@code language} is as written (the schema's default en-US when absent). */
  public record Info(String language, List<String> categories, String event, String urgency, String severity,
                     String certainty, List<NameValue> eventCodes, OffsetDateTime effective, OffsetDateTime onset,
                     OffsetDateTime expires, String senderName, String headline, String description, String instruction,
                     String web, String contact, List<NameValue> parameters, List<Area> areas) {
    public Info {
      categories = List.copyOf(categories);
      eventCodes = List.copyOf(eventCodes);
      parameters = List.copyOf(parameters);
      areas = List.copyOf(areas);
    }

    /** The value of the first eventCode/parameter with this valueName, or null. */
    public static String valueOf(List<NameValue> pairs, String valueName) {
      return pairs.stream().filter(p -> p.valueName().equals(valueName)).map(NameValue::value).findFirst().orElse(null);
    }
  }

  /** One {@code area}: its description and the shapes and codes that say where. */
  public record Area(String areaDesc, List<String> polygons, List<String> circles, List<NameValue> geocodes) {
    public Area {
      polygons = List.copyOf(polygons);
      circles = List.copyOf(circles);
      geocodes = List.copyOf(geocodes);
    }
  }
}
