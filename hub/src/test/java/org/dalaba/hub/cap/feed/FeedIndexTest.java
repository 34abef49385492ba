package org.dalaba.hub.cap.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dalaba.hub.cap.CapParser;
import org.junit.jupiter.api.Test;

/** Reading Atom and RSS indexes of CAP documents, and the feed tests' own documents as the import reads them. */
class FeedIndexTest {
  static final URI BASE = URI.create("http://feeds.example.cn/qx/cap.atom");

  @Test
  void atomEntriesLinkToTheirCapDocumentsNewestFirst() throws Exception {
    String atom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><id>urn:f</id><title>预警</title>
          <entry><id>urn:2</id><updated>2026-12-02T09:00:00+08:00</updated><title>二</title>
            <link rel="alternate" type="text/html" href="/page/2.html"/>
            <link rel="alternate" type="application/cap+xml" href="/cap/2.xml"/></entry>
          <entry><id>urn:1</id><updated>2026-12-02T08:00:00+08:00</updated><title>一</title>
            <link href="https://feeds.example.cn/cap/1.xml"/></entry>
        </feed>
        """;
    List<FeedIndex.Entry> entries = FeedIndex.read(atom.getBytes(StandardCharsets.UTF_8), BASE, FeedSource.Kind.ATOM);
    assertEquals(2, entries.size());
    assertEquals(URI.create("http://feeds.example.cn/cap/2.xml"), entries.get(0).document());
    assertEquals("urn:2|2026-12-02T09:00:00+08:00", entries.get(0).key());
    assertEquals(URI.create("https://feeds.example.cn/cap/1.xml"), entries.get(1).document());
  }

  @Test
  void rssItemsUseTheirEnclosureOrLinkAndGuid() throws Exception {
    String rss = """
        <rss version="2.0"><channel><title>预警</title>
          <item><guid>g-1</guid><pubDate>Wed, 02 Dec 2026 08:00:00 +0800</pubDate><link>http://feeds.example.cn/1.html</link>
            <enclosure url="http://feeds.example.cn/1.xml" type="application/cap+xml" length="1"/></item>
          <item><guid>g-2</guid><link>http://feeds.example.cn/2.xml</link></item>
        </channel></rss>
        """;
    List<FeedIndex.Entry> entries = FeedIndex.read(rss.getBytes(StandardCharsets.UTF_8), BASE, FeedSource.Kind.RSS);
    assertEquals(URI.create("http://feeds.example.cn/1.xml"), entries.get(0).document());
    assertEquals(URI.create("http://feeds.example.cn/2.xml"), entries.get(1).document());
    assertEquals("g-2|", entries.get(1).key());
  }

  @Test
  void aLinkToAnotherHostIsRefusedNotFetched() throws Exception {
    String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>urn:x</id><link href=\"http://169.254.169.254/latest\"/></entry></feed>";
    FeedIndex.Entry entry = FeedIndex.read(atom.getBytes(StandardCharsets.UTF_8), BASE, FeedSource.Kind.ATOM).get(0);
    assertNull(entry.document());
    assertNotNull(entry.problem());
  }

  @Test
  void doctypesEntitiesGarbageAndTheWrongRootAreRefused() {
    for (String bad : List.of("<!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feed xmlns=\"http://www.w3.org/2005/Atom\">&x;</feed>",
        "this is not XML", "<rss version=\"2.0\"/>", "")) {
      assertThrows(FeedIndex.Unreadable.class, () -> FeedIndex.read(bad.getBytes(StandardCharsets.UTF_8), BASE, FeedSource.Kind.ATOM), bad);
    }
  }

  @Test
  void theFeedTestsDocumentsAreValidCapSignedOrNot() throws Exception {
    CapParser parser = new CapParser();
    String doc = TestCap.warning("t-1", "Severe", "211282101", "暴雪橙色预警");
    assertEquals("t-1", parser.parse(doc.getBytes(StandardCharsets.UTF_8)).identifier());
    assertEquals("t-1", parser.parse(TestSigning.newIdentity("t").sign(doc)).identifier());
    assertTrue(parser.parse(TestCap.warning("t-2", "Extreme", "211282", "x").getBytes(StandardCharsets.UTF_8)).infos().size() == 1);
  }
}
