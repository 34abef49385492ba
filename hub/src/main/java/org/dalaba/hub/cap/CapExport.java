package org.dalaba.hub.cap;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;

/**
 * Any alert as a CAP 1.2 message that validates against the shipped schema (docs/cap.md, "Export"): its id as
 * {@code identifier}, this hub's {@code sender}, {@code status} Exercise for drills, {@code msgType} Update with
 * {@code references} when it replaced alerts, Cancel (identifier {@code <id>.cancel}, referencing itself) once cancelled;
 * a Chinese {@code info} (and an English one when the alert has it) with the level as {@code severity}, the national
 * fields as {@code eventCode} / {@code parameter}s, and its targets as {@code geocode}s.
 */
public final class CapExport {
  private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private final String sender;
  private final ZoneId zone;

  public CapExport(String sender, ZoneId zone) {
    this.sender = sender;
    this.zone = zone;
  }

  public String sender() { return sender; }

  /** @param replaced the alerts it replaced (its {@code references}), those still stored */
  public String document(Alert alert, List<Alert> replaced, Directory dir) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      write(xml, alert, replaced, dir);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to memory failed", e);
    }
    return out.toString();
  }

  /** The {@code alert} element alone, for embedding (the Atom feed). */
  void write(XMLStreamWriter xml, Alert alert, List<Alert> replaced, Directory dir) throws XMLStreamException {
    boolean cancelled = alert.state() == AlertState.CANCELLED;
    xml.writeStartElement("", "alert", CapSchema.NAMESPACE);
    xml.writeDefaultNamespace(CapSchema.NAMESPACE);
    element(xml, "identifier", cancelled ? alert.id() + ".cancel" : alert.id());
    element(xml, "sender", sender);
    element(xml, "sent", time(cancelled && alert.endedAt() > 0 ? alert.endedAt() : alert.createdAt()));
    element(xml, "status", alert.exercise() ? "Exercise" : "Actual");
    element(xml, "msgType", cancelled ? "Cancel" : replaced.isEmpty() ? "Alert" : "Update");
    element(xml, "source", "Dalaba");
    element(xml, "scope", "Public");
    if (cancelled) {
      element(xml, "note", "已撤销" + (alert.endedBy() == null ? "" : "（" + alert.endedBy() + "）") + " / cancelled");
    }
    List<String> references = new ArrayList<>();
    if (cancelled) {
      references.add(sender + "," + alert.id() + "," + time(alert.createdAt()));
    } else {
      replaced.forEach(r -> references.add(sender + "," + r.id() + "," + time(r.createdAt())));
    }
    if (!references.isEmpty()) {
      element(xml, "references", String.join(" ", references));
    }
    if (!cancelled) {
      info(xml, alert, "zh-CN", alert.title(), alert.text(), dir);
      AlertMeta.Translation en = alert.meta().english();
      if (en != null) {
        info(xml, alert, "en-US", en.title(), en.text(), dir);
      }
    }
    xml.writeEndElement();
  }

  private void info(XMLStreamWriter xml, Alert alert, String language, String title, String text, Directory dir)
      throws XMLStreamException {
    xml.writeStartElement("info");
    element(xml, "language", language);
    element(xml, "category", "Other");
    element(xml, "event", title);
    element(xml, "urgency", "Immediate");
    element(xml, "severity", severity(alert.level()));
    element(xml, "certainty", "Likely");
    var national = alert.meta().national();
    if (national != null && national.eventTypeCode() != null) {
      pair(xml, "eventCode", CapMapping.EVENT_TYPE_CODE, national.eventTypeCode());
    }
    element(xml, "effective", time(alert.createdAt()));
    element(xml, "expires", time(alert.expiresAt()));
    element(xml, "senderName", dir.countyName());
    element(xml, "headline", title);
    element(xml, "description", text);
    pair(xml, "parameter", "DALABA_LEVEL", alert.level().wire());
    if (national != null) {
      pair(xml, "parameter", "EBM_MESSAGE_ID", national.messageId());
      pair(xml, "parameter", CapMapping.SENDER_CODE, national.senderCode());
    }
    xml.writeStartElement("area");
    element(xml, "areaDesc", areaDesc(alert.targets(), dir, language.startsWith("zh")));
    for (String[] code : geocodes(alert.targets(), dir)) {
      pair(xml, "geocode", code[0], code[1]);
    }
    xml.writeEndElement();
    xml.writeEndElement();
  }

  static String severity(AlertLevel level) {
    return switch (level) {
      case RED -> "Extreme";
      case ORANGE -> "Severe";
      case YELLOW -> "Moderate";
      case BLUE -> "Minor";
    };
  }

  /** The county (GB/T 2260), townships (GB/T 10114, 9 digits) and villages (GB/T 10114, 12 digits). */
  static List<String[]> geocodes(Targets targets, Directory dir) {
    List<String[]> codes = new ArrayList<>();
    if (targets.all()) {
      codes.add(new String[] {CapAreas.GB2260, dir.countyId()});
      return codes;
    }
    targets.townships().forEach(t -> codes.add(new String[] {CapAreas.GB10114, t}));
    targets.villages().forEach(v -> codes.add(new String[] {CapAreas.GB10114, v}));
    return codes;
  }

  private static String areaDesc(Targets targets, Directory dir, boolean chinese) {
    if (targets.all()) {
      return dir.countyName();
    }
    List<String> names = new ArrayList<>();
    targets.townships().forEach(t -> names.add(dir.township(t).map(x -> x.name()).orElse(t)));
    targets.villages().forEach(v -> names.add(dir.village(v).map(x -> x.name()).orElse(v)));
    return String.join(chinese ? "、" : ", ", names);
  }

  private String time(long epochMs) {
    return CAP_TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    if (text == null) {
      return;
    }
    xml.writeStartElement(name);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }

  private static void pair(XMLStreamWriter xml, String name, String valueName, String value) throws XMLStreamException {
    if (value == null) {
      return;
    }
    xml.writeStartElement(name);
    element(xml, "valueName", valueName);
    element(xml, "value", value);
    xml.writeEndElement();
  }
}
