package org.dalaba.hub.cap;

import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The CAP 1.2 schema the project wrote from the OASIS specification ({@code cap/cap-1.2.xsd} on the class path), with
 * the JDK's validator. The compiled {@link Schema} is thread-safe and loaded once; a {@link Validator} per document
 * (they are not). Neither the schema nor a validated document may fetch anything (external DTD and schema access off,
 * secure processing on).
 */
public final class CapSchema {
  public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
  private static final String RESOURCE = "/cap/cap-1.2.xsd";
  private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";
  private static final Schema SCHEMA = load();

  private CapSchema() {
  }

  private static Schema load() {
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      URL xsd = CapSchema.class.getResource(RESOURCE);
      if (xsd == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return factory.newSchema(xsd);
    } catch (SAXException e) {
      throw new IllegalStateException("the CAP 1.2 schema does not compile: " + e.getMessage(), e);
    }
  }

  /** The schema's text, for tests and for anyone who wants to check an export themselves. */
  public static URL resource() {
    return CapSchema.class.getResource(RESOURCE);
  }

  /**
   * Validates a parsed document; the first violation is refused in an operator's words naming the element at fault.
   * CPU work: call on a worker.
   */
  public static void validate(Document document) {
    Validator validator = SCHEMA.newValidator();
    try {
      validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (SAXException e) {
      throw new IllegalStateException("the JDK validator refuses secure processing", e);
    }
    validator.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {
      }

      @Override
      public void error(SAXParseException e) throws SAXException {
        throw e;
      }

      @Override
      public void fatalError(SAXParseException e) throws SAXException {
        throw e;
      }
    });
    try {
      validator.validate(new DOMSource(document));
    } catch (SAXParseException e) {
      throw SchemaErrors.refusal(e.getMessage(), currentElement(validator));
    } catch (SAXException e) {
      throw SchemaErrors.refusal(e.getMessage(), currentElement(validator));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("validating a document in memory failed", e);
    }
  }

  private static Element currentElement(Validator validator) {
    try {
      Object node = validator.getProperty(CURRENT_ELEMENT);
      return node instanceof Element element ? element : node instanceof Node n && n.getParentNode() instanceof Element p ? p : null;
    } catch (SAXException e) {
      return null;
    }
  }
}
