package org.dalaba.hub.cap.feed;

import java.io.ByteArrayInputStream;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.URIDereferencer;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyValue;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the enveloped XML signature (XML-DSig, the JDK's {@code javax.xml.crypto}) of a CAP document against a
 * source's trusted certificates. Blocking and CPU work: call it on a worker.
 *
 * <p>What is accepted: exactly one {@code ds:Signature}, a child of the root element, whose every reference is the
 * whole document ({@code URI=""}; nothing else is ever dereferenced, so a signature cannot point at a file, a URL or
 * only a part of the document), made with the key of one of the trusted certificates (the certificate in its
 * {@code KeyInfo}, or its public key), validated with the JDK's secure validation on. A signature is checked whenever
 * the source has trusted certificates; {@code requireSignature} also refuses an unsigned document.
 */
final class CapSignatureCheck {
  static final String DSIG_NS = XMLSignature.XMLNS;

  /** The document may not go on, and why (words for the sources API and the audit log). */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** What the check found on an accepted document. */
  enum Outcome {
    /** verified against a trusted certificate */
    VERIFIED,
    /** no signature, and the source does not require one */
    UNSIGNED,
    /** signed, but the source has no certificate to check it with */
    NOT_CHECKED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private CapSignatureCheck() {
  }

  static Outcome check(byte[] xml, boolean requireSignature, List<X509Certificate> trusted) throws Refused {
    Document doc = parse(xml);
    NodeList signatures = doc.getElementsByTagNameNS(DSIG_NS, "Signature");
    if (signatures.getLength() == 0) {
      if (requireSignature) {
        throw new Refused("the document is not signed, and this source requires a signature");
      }
      return Outcome.UNSIGNED;
    }
    if (trusted.isEmpty()) {
      return Outcome.NOT_CHECKED;
    }
    if (signatures.getLength() > 1) {
      throw new Refused("the document carries more than one signature");
    }
    Element signature = (Element) signatures.item(0);
    if (signature.getParentNode() != doc.getDocumentElement()) {
      throw new Refused("the signature is not enveloped in the document's root element");
    }
    XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    DOMValidateContext context = new DOMValidateContext(new TrustedKeys(trusted), signature);
    context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
    URIDereferencer standard = factory.getURIDereferencer();
    context.setURIDereferencer((reference, ctx) -> {
      if (!"".equals(reference.getURI())) {
        throw new javax.xml.crypto.URIReferenceException("only the whole document (URI=\"\") may be signed");
      }
      return standard.dereference(reference, ctx);
    });
    try {
      XMLSignature parsed = factory.unmarshalXMLSignature(context);
      for (Object ref : parsed.getSignedInfo().getReferences()) {
        if (!"".equals(((Reference) ref).getURI())) {
          throw new Refused("the signature does not cover the whole document");
        }
      }
      if (!parsed.validate(context)) {
        throw new Refused("the signature does not match the document (it was changed after signing, or signed wrongly)");
      }
      return Outcome.VERIFIED;
    } catch (javax.xml.crypto.MarshalException e) {
      throw new Refused("the signature element is malformed");
    } catch (javax.xml.crypto.dsig.XMLSignatureException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KeySelectorException) {
        throw new Refused("the document is signed with a key none of this source's trusted certificates hold");
      }
      throw new Refused("the signature cannot be checked (" + (cause == null ? e.getMessage() : cause.getMessage()) + ")");
    }
  }

  private static Document parse(byte[] xml) throws Refused {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      var builder = factory.newDocumentBuilder();
      builder.setEntityResolver((publicId, systemId) -> {
        throw new org.xml.sax.SAXException("external resources are not read");
      });
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new Refused("the document is not well-formed XML, so its signature cannot be checked");
    }
  }

  /** Hands the validator the key of a trusted certificate that the signature's KeyInfo names (certificate or key). */
  private static final class TrustedKeys extends KeySelector {
    private final List<X509Certificate> trusted;

    TrustedKeys(List<X509Certificate> trusted) {
      this.trusted = trusted;
    }

    @Override
    public KeySelectorResult select(KeyInfo keyInfo, KeySelector.Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
        throws KeySelectorException {
      if (keyInfo != null) {
        for (Object item : keyInfo.getContent()) {
          if (item instanceof X509Data data) {
            for (Object entry : data.getContent()) {
              if (entry instanceof X509Certificate cert && trusted.contains(cert)) {
                valid(cert);
                return result(cert.getPublicKey());
              }
            }
          } else if (item instanceof KeyValue value) {
            try {
              PublicKey key = value.getPublicKey();
              for (X509Certificate cert : trusted) {
                if (cert.getPublicKey().equals(key)) {
                  valid(cert);
                  return result(key);
                }
              }
            } catch (java.security.KeyException e) {
              throw new KeySelectorException("unreadable key value");
            }
          }
        }
      } else if (trusted.size() == 1) {
        return result(trusted.get(0).getPublicKey()); // no KeyInfo: the one certificate the source names
      }
      throw new KeySelectorException("no trusted certificate matches the signature's key");
    }

    private static void valid(X509Certificate cert) throws KeySelectorException {
      try {
        cert.checkValidity();
      } catch (java.security.cert.CertificateException e) {
        throw new KeySelectorException("the trusted certificate " + cert.getSubjectX500Principal().getName() + " is expired or not yet valid");
      }
    }

    private static KeySelectorResult result(Key key) {
      return () -> key;
    }
  }
}
