package org.dalaba.hub.cap.feed;

/** Small CAP 1.2 documents for the feed tests: a Chinese meteorological warning for one area by GB/T 2260 geocode. */
public final class TestCap {
  public static final String SENDER = "tieling-qx@weather.example.cn";

  /** Two hours from when the tests start, in Beijing time, to the second. */
  private static final String EXPIRES = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).plusHours(2)
      .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));

  private TestCap() {
  }

  /**
   * @param severity Extreme, Severe, Moderate or Minor
   * @param geocode  a 6-, 9- or 12-digit division code of Kaiyuan
   */
  public static String warning(String identifier, String severity, String geocode, String headline) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>%s</identifier>
          <sender>%s</sender>
          <sent>2026-12-02T08:00:00+08:00</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>zh-CN</language>
            <category>Met</category>
            <event>暴雪</event>
            <urgency>Immediate</urgency>
            <severity>%s</severity>
            <certainty>Observed</certainty>
            <expires>%s</expires>
            <senderName>铁岭市气象台</senderName>
            <headline>%s</headline>
            <description>预计未来十二小时内将有暴雪。</description>
            <instruction>请村民减少外出，注意防寒保暖。</instruction>
            <area>
              <areaDesc>开原市</areaDesc>
              <geocode><valueName>%s</valueName><value>%s</value></geocode>
            </area>
          </info>
        </alert>
        """.formatted(identifier, SENDER, severity, EXPIRES, headline, geocode.length() == 6 ? "GB/T 2260" : "GB/T 10114", geocode);
  }
}
