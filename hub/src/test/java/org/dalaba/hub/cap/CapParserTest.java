package org.dalaba.hub.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hardened parser and the shipped schema, as a sender meets them: good documents read, bad ones refused naming the
 * element and the rule, and attacks refused without one outbound request (a local listener records any) or file read.
 */
class CapParserTest {
  private final CapParser parser = new CapParser();
  private HttpServer listener;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void listen() throws Exception {
    listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      byte[] body = "<!ENTITY leak 'leaked'>".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    listener.start();
  }

  @AfterEach
  void stop() {
    listener.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + listener.getAddress().getPort() + "/x";
  }

  @Test
  void aChineseWarningInTwoLanguagesIsRead() {
    CapMessage message = parser.parse(CapDocuments.bytes("blizzard-townships-geocode.xml", Map.of("identifier", "bz-1")));
    assertEquals("bz-1", message.identifier());
    assertEquals("sample.kaiyuan.weather@cma.example", message.sender());
    assertEquals(2, message.infos().size());
    CapMessage.Info zh = message.infos().get(0);
    assertEquals("zh-CN", zh.language());
    assertEquals("暴雪", zh.event());
    assertEquals("Severe", zh.severity());
    assertEquals(List.of(new CapMessage.NameValue("GB/T 10114", "211282104"), new CapMessage.NameValue("GB/T 10114", "211282106")),
        zh.areas().get(0).geocodes());
    assertEquals("11B04", CapMessage.Info.valueOf(zh.eventCodes(), CapMapping.EVENT_TYPE_CODE));
  }

  @Test
  void referencesAreRead() {
    CapMessage message = parser.parse(CapDocuments.bytes("cancel.xml", Map.of("references",
        "a@b,id-1,2026-12-02T08:00:00+08:00 a@b,id-2,2026-12-02T09:00:00+08:00")));
    assertEquals(List.of(new CapMessage.Reference("a@b", "id-1", "2026-12-02T08:00:00+08:00"),
        new CapMessage.Reference("a@b", "id-2", "2026-12-02T09:00:00+08:00")), message.references());
    assertTrue(message.infos().isEmpty());
  }

  @ParameterizedTest(name = "{0} is refused at <{1}>")
  @CsvSource({
      "wrong-order.xml, severity, 顺序",
      "bad-severity.xml, severity, Extreme",
      "bad-time.xml, sent, 2026-12-02T08:00:00+08:00",
      "no-offset-time.xml, sent, 时区",
      "unknown-element.xml, colour, 不该出现",
  })
  void schemaViolationsNameTheElementAndTheRule(String document, String element, String words) {
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse(CapDocuments.bytes(document)));
    assertEquals(CapRefused.Kind.MALFORMED, refused.kind(), refused.zh());
    assertEquals(element, refused.element(), refused.zh());
    assertTrue(refused.zh().contains("<" + element + ">"), refused.zh());
    assertTrue(refused.zh().contains(words), refused.zh());
    assertTrue(refused.zh().contains("规则 cvc-"), refused.zh());
    assertTrue(refused.en().contains("<" + element + ">"), refused.en());
  }

  @Test
  void aReferenceNotInCapsFormIsRefused() {
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse(CapDocuments.bytes("cancel.xml",
        Map.of("references", "just-an-id"))));
    assertEquals("references", refused.element());
  }

  @Test
  void notXmlAtAllIsRefusedInPlainWords() {
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse("{\"title\":\"not xml\"}".getBytes()));
    assertTrue(refused.zh().contains("不是格式正确的 XML"), refused.zh());
    assertNull(refused.element());
  }

  @Test
  void anOlderCapVersionIsNamed() {
    String doc = CapDocuments.text("missing-info.xml", Map.of()).replace("cap:1.2", "cap:1.1");
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse(doc.getBytes()));
    assertTrue(refused.zh().contains("只支持 CAP 1.2"), refused.zh());
  }

  @Timeout(30)
  @ParameterizedTest(name = "{0} is refused before anything is fetched")
  @CsvSource({
      "xxe-http.xml, DOCTYPE",
      "xxe-dtd.xml, DOCTYPE",
      "billion-laughs.xml, DOCTYPE",
      "xinclude.xml, XInclude",
      "stylesheet.xml, 处理指令",
  })
  void attacksAreRefusedWithoutARequestOrAFileRead(String document, String words) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET-CONTENT");
    // a FIFO nobody writes to: a parser opening it to read would block there for ever, so a parse that returns read nothing
    Path fifo = dir.resolve("fifo");
    boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    Path file = haveFifo ? fifo : secret;
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse(CapDocuments.bytes(document,
        Map.of("url", url(), "file", file.toUri().toString()))));
    assertEquals(CapRefused.Kind.MALFORMED, refused.kind());
    assertTrue(refused.zh().contains(words), refused.zh());
    assertTrue(!refused.zh().contains("SECRET") && !refused.en().contains("SECRET"));
    assertEquals(List.of(), requests, "no outbound request");
  }

  @Test
  void aDocumentOverTheLimitIsRefusedBeforeParsing() {
    CapRefused refused = assertThrows(CapRefused.class, () -> new CapParser(1024).parse(CapDocuments.bytes("blizzard-townships-geocode.xml")));
    assertEquals(CapRefused.Kind.TOO_LARGE, refused.kind());
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "<x>".repeat(40) + "</x>".repeat(40);
    String doc = CapDocuments.text("missing-info.xml", Map.of()).replace("</alert>", "<note>" + deep + "</note></alert>");
    CapRefused refused = assertThrows(CapRefused.class, () -> parser.parse(doc.getBytes()));
    assertTrue(refused.zh().contains("嵌套过深"), refused.zh());
  }
}
