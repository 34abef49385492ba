package org.dalaba.hub.cap;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.directory.Directory;

/**
 * An Atom (RFC 4287) feed of the county's current alerts for other systems: one entry per alert, its CAP 1.2 message
 * inline as the entry's content ({@code type="application/cap+xml"}) and linked ({@code rel="alternate"}) at
 * {@code /api/v1/alerts/{id}/cap}. Newest first.
 */
public final class CapAtomFeed {
  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private final CapExport export;

  public CapAtomFeed(CapExport export) {
    this.export = export;
  }

  /**
   * @param alerts current alerts, newest first, each with the alerts it replaced (its CAP references)
   * @param baseUrl the hub's public URL (no trailing slash)
   */
  public String feed(java.util.LinkedHashMap<Alert, List<Alert>> alerts, Directory dir, String baseUrl, long now) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("", "feed", ATOM);
      xml.writeDefaultNamespace(ATOM);
      element(xml, "id", "urn:dalaba:" + export.sender() + ":alerts");
      element(xml, "title", dir.countyName() + "当前预警 / current alerts");
      element(xml, "updated", iso(alerts.isEmpty() ? now : alerts.keySet().iterator().next().createdAt()));
      xml.writeStartElement("author");
      element(xml, "name", dir.countyName() + " Dalaba");
      xml.writeEndElement();
      link(xml, "self", "application/atom+xml", baseUrl + "/api/v1/cap/feed.atom");
      for (var item : alerts.entrySet()) {
        Alert alert = item.getKey();
        xml.writeStartElement("entry");
        element(xml, "id", "urn:dalaba:" + export.sender() + ":" + alert.id());
        element(xml, "title", (alert.exercise() ? "【演练】" : "") + alert.level().chinese + "预警：" + alert.title());
        element(xml, "updated", iso(alert.createdAt()));
        element(xml, "summary", alert.text());
        link(xml, "alternate", "application/cap+xml", baseUrl + "/api/v1/alerts/" + alert.id() + "/cap");
        xml.writeStartElement("content");
        xml.writeAttribute("type", "application/cap+xml");
        export.write(xml, alert, item.getValue(), dir);
        xml.writeEndElement();
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to memory failed", e);
    }
    return out.toString();
  }

  private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", href);
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(text == null ? "" : text);
    xml.writeEndElement();
  }

  private static String iso(long epochMs) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMs));
  }
}
