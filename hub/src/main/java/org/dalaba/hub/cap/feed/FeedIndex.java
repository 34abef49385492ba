package org.dalaba.hub.cap.feed;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dalaba.hub.config.Limits;

/**
 * Reads an Atom or RSS index of CAP documents into its entries: which document each links to, and a key that says
 * whether it was seen before. A hardened StAX reader: a DOCTYPE (and so every entity and DTD trick) is refused, no
 * external resource is ever read, nesting is bounded. Links must stay on the index's own host (a feed cannot make the
 * hub fetch addresses inside the county's network) and be http or https.
 */
final class FeedIndex {
  private static final int MAX_DEPTH = 32;
  private static final int MAX_TEXT = 4096;

  /** Why an index could not be read: the reason names the problem in words an operator can act on. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One entry.
   *
   * @param key      its id (Atom id, RSS guid, else the link) and its update time: a changed entry is read again
   * @param document the CAP document it links to; null when its link is refused
   * @param problem  why its link is refused (another host, not http), or null
   */
  record Entry(String key, String title, URI document, String problem) {
  }

  private FeedIndex() {
  }

  /** @return the entries in the index's order (newest first, as feeds are written), at most {@link Limits#CAP_FEED_ENTRIES_PER_POLL} */
  static List<Entry> read(byte[] xml, URI base, FeedSource.Kind kind) throws Unreadable {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setXMLResolver((publicId, systemId, baseUri, ns) -> {
      throw new XMLStreamException("external resources are not read");
    });
    String entryName = kind == FeedSource.Kind.ATOM ? "entry" : "item";
    List<Entry> entries = new ArrayList<>();
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      int depth = 0;
      boolean rootSeen = false;
      EntryBuilder current = null;
      String field = null;
      StringBuilder text = new StringBuilder();
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD -> throw new Unreadable("the index declares a DOCTYPE, which is not accepted");
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new Unreadable("the index uses an entity, which is not accepted");
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            if (depth > MAX_DEPTH) {
              throw new Unreadable("the index is nested more than " + MAX_DEPTH + " levels deep");
            }
            String name = reader.getLocalName();
            if (!rootSeen) {
              rootSeen = true;
              String expected = kind == FeedSource.Kind.ATOM ? "feed" : "rss";
              if (!name.equals(expected)) {
                throw new Unreadable("the answer is not an " + kind.wire().toUpperCase() + " index (its root element is <" + name + ">)");
              }
            }
            if (name.equals(entryName) && current == null) {
              current = new EntryBuilder();
            } else if (current != null) {
              field = name;
              text.setLength(0);
              if (kind == FeedSource.Kind.ATOM && (name.equals("link") || name.equals("content"))) {
                current.atomLink(reader.getAttributeValue(null, name.equals("link") ? "href" : "src"),
                    reader.getAttributeValue(null, "rel"), reader.getAttributeValue(null, "type"));
              } else if (kind == FeedSource.Kind.RSS && name.equals("enclosure")) {
                current.atomLink(reader.getAttributeValue(null, "url"), "enclosure", reader.getAttributeValue(null, "type"));
              }
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (current != null && field != null && text.length() < MAX_TEXT) {
              text.append(reader.getText(), 0, Math.min(reader.getTextLength(), MAX_TEXT - text.length()));
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            depth--;
            String name = reader.getLocalName();
            if (current != null && name.equals(entryName)) {
              Entry entry = current.build(base);
              if (entry != null && entries.size() < Limits.CAP_FEED_ENTRIES_PER_POLL) {
                entries.add(entry);
              }
              current = null;
            } else if (current != null && name.equals(field)) {
              current.field(name, text.toString().strip());
              field = null;
            }
          }
          default -> {
          }
        }
      }
      if (!rootSeen) {
        throw new Unreadable("the answer holds no XML element");
      }
      return entries;
    } catch (XMLStreamException e) {
      throw new Unreadable("the index is not well-formed XML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ")");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing held
        }
      }
    }
  }

  private static final class EntryBuilder {
    String id;
    String updated;
    String title;
    String link;
    int linkRank = -1;

    /** The CAP document's link: one typed as CAP beats an enclosure, an alternate, then any other. */
    void atomLink(String href, String rel, String type) {
      if (href == null || href.isBlank()) {
        return;
      }
      int rank = type != null && type.contains("cap") ? 3 : "enclosure".equals(rel) ? 2 : rel == null || "alternate".equals(rel) ? 1 : 0;
      if (rank > linkRank) {
        link = href.strip();
        linkRank = rank;
      }
    }

    void field(String name, String value) {
      switch (name) {
        case "id", "guid" -> id = value;
        case "updated", "pubDate", "published" -> updated = updated == null || name.equals("updated") ? value : updated;
        case "title" -> title = value;
        case "link" -> {
          if (linkRank < 1 && !value.isEmpty()) { // RSS <link>text</link>
            link = value;
            linkRank = 1;
          }
        }
        default -> {
        }
      }
    }

    Entry build(URI base) {
      if (link == null && (id == null || id.isEmpty())) {
        return null;
      }
      String key = (id == null || id.isEmpty() ? link : id) + "|" + (updated == null ? "" : updated);
      if (link == null) {
        return new Entry(key, title, null, "the entry links to no CAP document");
      }
      URI document;
      try {
        document = base.resolve(link);
      } catch (IllegalArgumentException e) {
        return new Entry(key, title, null, "the entry's link is not a URL");
      }
      if (!("http".equals(document.getScheme()) || "https".equals(document.getScheme()))
          || document.getHost() == null || !document.getHost().equalsIgnoreCase(base.getHost())) {
        return new Entry(key, title, null, "the entry links outside the source's own host (" + document.getHost() + "), which is not fetched");
      }
      return new Entry(key, title, document, null);
    }
  }
}
