package org.dalaba.hub.alert;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every alert its national fields: the 30-digit message id is the 18-digit platform id (configuration
 * {@code ebm.platformId}), the day in Asia/Shanghai (yyyyMMdd) and a 4-digit sequence from an atomic Redis counter of
 * that day (INCR on a key of its own hash tag, so it works in cluster mode; it lives a few days). A number taken by an
 * alert that is then refused is not reused. Past 9,999 in one day the sequence wraps (logged).
 */
public final class MessageIds {
  private static final Logger LOG = LoggerFactory.getLogger(MessageIds.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final int KEEP_SECONDS = 3 * 24 * 3600;

  private final RedisStore redis;
  private final Clock clock;
  private final ZoneId zone;
  private final String platformId;
  private final String senderCode;
  private final String defaultEventType;

  public MessageIds(RedisStore redis, Clock clock, ZoneId zone, String platformId, String senderCode, String defaultEventType) {
    if (!platformId.matches("\\d{18}")) {
      throw new IllegalArgumentException("the platform id must be 18 digits: " + platformId);
    }
    this.redis = redis;
    this.clock = clock;
    this.zone = zone;
    this.platformId = platformId;
    this.senderCode = senderCode;
    this.defaultEventType = defaultEventType;
  }

  /** The default platform id when none is configured: the 6-digit county code followed by twelve zeros. */
  public static String defaultPlatformId(String countyId) {
    return (countyId + "000000000000000000").substring(0, 18);
  }

  /** The request's fields completed: a new message id, and this hub's codes where the source gave none. */
  public Future<NationalFields> assign(NationalFields given) {
    String day = LocalDate.now(clock.withZone(zone)).format(DAY);
    String key = Keys.messageSequence(day);
    return redis.pipeline(List.of(Request.cmd(Command.INCR).arg(key), Request.cmd(Command.EXPIRE).arg(key).arg(KEEP_SECONDS)))
        .map(replies -> {
          long n = replies.get(0).toLong();
          if (n > 9999) {
            LOG.warn("More than 9,999 alerts on {}: the national message sequence wraps", day);
          }
          String id = platformId + day + String.format("%04d", n % 10000);
          String eventType = given == null || given.eventTypeCode() == null ? defaultEventType : given.eventTypeCode();
          String sender = given == null || given.senderCode() == null ? senderCode : given.senderCode();
          return new NationalFields(eventType, sender, id);
        });
  }
}
