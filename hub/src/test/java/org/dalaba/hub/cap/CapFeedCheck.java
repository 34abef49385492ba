package org.dalaba.hub.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Tests' check of an Atom feed: each entry's inline CAP message validates against the shipped schema. */
public final class CapFeedCheck {
  private CapFeedCheck() {
  }

  public static void assertEveryEntryValid(String atom, int entries) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(atom.getBytes(StandardCharsets.UTF_8)));
    NodeList alerts = feed.getElementsByTagNameNS(CapSchema.NAMESPACE, "alert");
    assertEquals(entries, feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
    assertEquals(entries, alerts.getLength());
    for (int i = 0; i < alerts.getLength(); i++) {
      StringWriter out = new StringWriter();
      TransformerFactory.newInstance().newTransformer().transform(new DOMSource((Element) alerts.item(i)), new StreamResult(out));
      new CapParser().parse(out.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
