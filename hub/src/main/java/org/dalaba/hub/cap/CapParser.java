package org.dalaba.hub.cap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dalaba.hub.config.Limits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a CAP 1.2 document safely and validates it against the project's schema ({@link CapSchema}).
 *
 * <p>First a streaming pass refuses, before anything is built: a document type declaration (so no DTD, no entity of
 * any kind, no "billion laughs"), processing instructions (a stylesheet or anything else), XInclude elements, and more
 * than {@link Limits#CAP_ELEMENT_DEPTH} levels or {@link Limits#CAP_ELEMENTS} elements. Then the DOM parser, itself
 * hardened the same way (doctype disallowed, external entities and DTD loading off, XInclude off, secure processing,
 * no external access), builds the tree the schema validates. Nothing here opens a file or a connection.
 *
 * <p>CPU work: call on a worker, never on the event loop. Thread-safe.
 */
public final class CapParser {
  private static final String XINCLUDE = "http://www.w3.org/2001/XInclude";

  private final long maxBytes;

  public CapParser() {
    this(Limits.CAP_DOCUMENT_BYTES);
  }

  public CapParser(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** @throws CapRefused naming the element and the rule when the document is not a safe, valid CAP 1.2 message */
  public CapMessage parse(byte[] xml) {
    return read(document(xml));
  }

  /** The validated DOM (for callers that need more than {@link CapMessage}, e.g. a signature check). */
  public Document document(byte[] xml) {
    if (xml == null || xml.length == 0) {
      throw CapRefused.malformed(null, "请求中没有 CAP 文档", "the request carries no CAP document");
    }
    if (xml.length > maxBytes) {
      throw CapRefused.tooLarge(maxBytes);
    }
    prescan(xml);
    Document document = build(xml);
    Element root = document.getDocumentElement();
    if (!"alert".equals(root.getLocalName()) || !CapSchema.NAMESPACE.equals(root.getNamespaceURI())) {
      String ns = root.getNamespaceURI();
      boolean olderCap = ns != null && ns.startsWith("urn:oasis:names:tc:emergency:cap:");
      throw CapRefused.malformed(root.getLocalName(), olderCap
              ? "只支持 CAP 1.2：文档的命名空间是 " + ns + "，应为 " + CapSchema.NAMESPACE
              : "根元素应为 CAP 1.2 的 <alert>（命名空间 " + CapSchema.NAMESPACE + "），而不是 <" + root.getLocalName() + ">",
          olderCap ? "only CAP 1.2 is supported: the document's namespace is " + ns + ", expected " + CapSchema.NAMESPACE
              : "the root element must be CAP 1.2's <alert> (namespace " + CapSchema.NAMESPACE + "), not <" + root.getLocalName() + ">");
    }
    CapSchema.validate(document);
    return document;
  }

  /** The streaming pass: refuses what must never be expanded or followed, and bounds depth and element count. */
  private static void prescan(byte[] xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
      throw new XMLStreamException("external resource refused");
    });
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      int depth = 0;
      int elements = 0;
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamConstants.DTD -> throw CapRefused.malformed(null,
              "CAP 文档不能含文档类型声明（DOCTYPE）：不接受 DTD 和实体定义（防止外部实体和实体膨胀攻击）",
              "a CAP document may not carry a document type declaration (DOCTYPE): DTDs and entity definitions are refused "
                  + "(external-entity and entity-expansion attacks)");
          case XMLStreamConstants.ENTITY_REFERENCE -> throw CapRefused.malformed(null,
              "CAP 文档不能引用实体“&" + reader.getLocalName() + ";”：只允许 XML 自带的字符实体",
              "a CAP document may not refer to the entity '&" + reader.getLocalName() + ";': only XML's own character entities are allowed");
          case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw CapRefused.malformed(null,
              "CAP 文档不能含处理指令（如 <?" + reader.getPITarget() + " …?> 样式表）",
              "a CAP document may not carry processing instructions (such as <?" + reader.getPITarget() + " …?> stylesheets)");
          case XMLStreamConstants.START_ELEMENT -> {
            if (XINCLUDE.equals(reader.getNamespaceURI())) {
              throw CapRefused.malformed(reader.getLocalName(), "CAP 文档不能含 XInclude 元素 <" + reader.getLocalName()
                  + ">：不会读取任何外部文件或网址", "a CAP document may not carry the XInclude element <" + reader.getLocalName()
                  + ">: no outside file or address is ever read");
            }
            depth++;
            elements++;
            if (depth > Limits.CAP_ELEMENT_DEPTH) {
              throw CapRefused.malformed(reader.getLocalName(), "CAP 文档嵌套过深：最多 " + Limits.CAP_ELEMENT_DEPTH + " 层（在 <"
                  + reader.getLocalName() + "> 处）", "the CAP document is nested too deeply: at most " + Limits.CAP_ELEMENT_DEPTH
                  + " levels (at <" + reader.getLocalName() + ">)");
            }
            if (elements > Limits.CAP_ELEMENTS) {
              throw CapRefused.malformed(reader.getLocalName(), "CAP 文档元素过多：最多 " + Limits.CAP_ELEMENTS + " 个",
                  "the CAP document has too many elements: at most " + Limits.CAP_ELEMENTS);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> depth--;
          default -> {
          }
        }
      }
    } catch (XMLStreamException e) {
      throw notWellFormed(e.getLocation() == null ? -1 : e.getLocation().getLineNumber());
    } finally {
      close(reader);
    }
  }

  private static Document build(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setValidating(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entity refused");
      });
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void error(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses a hardening feature", e);
    } catch (org.xml.sax.SAXParseException e) {
      throw notWellFormed(e.getLineNumber());
    } catch (SAXException | IOException e) {
      throw notWellFormed(-1);
    }
  }

  private static CapRefused notWellFormed(int line) {
    String at = line > 0 ? "（第 " + line + " 行附近）" : "";
    String atEn = line > 0 ? " (near line " + line + ")" : "";
    return CapRefused.malformed(null, "不是格式正确的 XML 文档" + at + "：标签未闭合、字符编码不对或含非法字符",
        "not a well-formed XML document" + atEn + ": an unclosed tag, a wrong character encoding or an illegal character");
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // in memory: nothing to release
      }
    }
  }

  // ---- the validated tree to the model ----

  private static CapMessage read(Document document) {
    Element alert = document.getDocumentElement();
    List<CapMessage.Info> infos = new ArrayList<>();
    for (Element info : children(alert, "info")) {
      infos.add(info(info));
    }
    return new CapMessage(text(alert, "identifier"), text(alert, "sender"), time(alert, "sent"), text(alert, "status"),
        text(alert, "msgType"), text(alert, "scope"), text(alert, "note"), references(text(alert, "references")), infos);
  }

  private static CapMessage.Info info(Element info) {
    List<String> categories = new ArrayList<>();
    children(info, "category").forEach(c -> categories.add(c.getTextContent().strip()));
    List<CapMessage.Area> areas = new ArrayList<>();
    for (Element area : children(info, "area")) {
      List<String> polygons = new ArrayList<>();
      children(area, "polygon").forEach(p -> polygons.add(p.getTextContent().strip()));
      List<String> circles = new ArrayList<>();
      children(area, "circle").forEach(c -> circles.add(c.getTextContent().strip()));
      areas.add(new CapMessage.Area(text(area, "areaDesc"), polygons, circles, pairs(area, "geocode")));
    }
    String language = text(info, "language");
    return new CapMessage.Info(language == null ? "en-US" : language, categories, text(info, "event"), text(info, "urgency"),
        text(info, "severity"), text(info, "certainty"), pairs(info, "eventCode"), time(info, "effective"), time(info, "onset"),
        time(info, "expires"), text(info, "senderName"), text(info, "headline"), text(info, "description"),
        text(info, "instruction"), text(info, "web"), text(info, "contact"), pairs(info, "parameter"), areas);
  }

  /** "sender,identifier,sent" entries separated by white space (CAP 1.2, 3.2.1 references). */
  private static List<CapMessage.Reference> references(String text) {
    List<CapMessage.Reference> references = new ArrayList<>();
    if (text == null) {
      return references;
    }
    for (String entry : text.strip().split("\\s+")) {
      String[] parts = entry.split(",", -1);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
        throw CapRefused.malformed("references", "元素 <references> 中的“" + shortened(entry)
                + "”格式不对：每一项应为“发送方,编号,发送时间”，项与项之间用空格分开",
            "element <references>: the entry '" + shortened(entry) + "' is not 'sender,identifier,sent' (entries are separated by spaces)");
      }
      references.add(new CapMessage.Reference(parts[0], parts[1], parts[2]));
    }
    return references;
  }

  private static String shortened(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private static List<CapMessage.NameValue> pairs(Element parent, String name) {
    List<CapMessage.NameValue> pairs = new ArrayList<>();
    for (Element pair : children(parent, name)) {
      pairs.add(new CapMessage.NameValue(text(pair, "valueName"), text(pair, "value")));
    }
    return pairs;
  }

  private static OffsetDateTime time(Element parent, String name) {
    String text = text(parent, name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw CapRefused.malformed(name, "元素 <" + name + "> 的时间“" + shortened(text) + "”不是有效时间",
          "element <" + name + ">: '" + shortened(text) + "' is not a valid time");
    }
  }

  /** The stripped text of the first child of that name, or null. */
  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().strip();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName()) && CapSchema.NAMESPACE.equals(e.getNamespaceURI())) {
        found.add(e);
      }
    }
    return found;
  }
}
