package org.dalaba.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void aStormOfRefusalsGivesOneWarningPerMinute() {
    // GIVEN a clock we move by hand
    AtomicLong now = new AtomicLong(1_000_000_000_000L);
    RefusalLog log = new RefusalLog(now::get);
    // WHEN 10,000 refusals arrive within a minute, then one more a minute later
    for (int i = 0; i < 10_000; i++) {
      log.refused("bad username or password", "c" + i, "as user 'x'");
    }
    now.addAndGet(RefusalLog.WINDOW_NANOS);
    log.refused("publish", "c", "to 't'");
    // THEN two warnings: the first refusal at once, then a summary with the count of the minute
    long warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    assertEquals(2, warnings);
    String last = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).reduce((a, b) -> b)
        .orElseThrow().getFormattedMessage();
    assertEquals("MQTT refused (publish): client 'c' to 't' [10000 refusals in the last minute, 10001 in total;"
        + " DEBUG logs each]", last);
    assertEquals(10_001, log.total());
  }

  @Test
  void whatClientsSendIsMadePrintable() {
    assertEquals("a\\nb\\u0000c", RefusalLog.printable("a\nb\u0000c"));
    assertTrue(RefusalLog.printable("x".repeat(5_000)).length() < 220);
    assertEquals("null", RefusalLog.printable(null));
  }
}
