package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.TimeUnit;
import org.dalaba.hub.refusal.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DomainErrorsTest {
  private static ApiError mapped(Throwable refusal) {
    return (ApiError) DomainErrors.toApi(refusal);
  }

  @Test
  void eachRefusalGetsItsStatusAndKeepsItsWordsAndField() {
    ApiError invalid = mapped(Refusal.invalid("file", "不是音频", "is not audio"));
    assertEquals(400, invalid.status());
    assertEquals("file", invalid.field());
    assertEquals("不是音频", invalid.toJson(false).getString("message"), invalid.toJson(false).encode());
    assertEquals(404, mapped(Refusal.notFound("音频|media", "abc")).status());
    assertEquals(409, mapped(Refusal.conflict("仍被使用", "still used")).status());
    ApiError quota = mapped(Refusal.tooLarge("quota_exceeded", "file", "配额已满", "quota reached"));
    assertEquals(413, quota.status());
    assertEquals("quota_exceeded", quota.code());
    ApiError busy = mapped(Refusal.busy("speech_busy", "繁忙", "busy"));
    assertEquals(503, busy.status());
    assertEquals("speech_busy", busy.code());
    assertEquals(507, mapped(Refusal.storageFull("disk_low", null, "磁盘将满", "disk nearly full")).status());
  }

  @Test
  void anythingElseIsLeftAsItIs() {
    IllegalStateException other = new IllegalStateException("x");
    assertSame(other, DomainErrors.toApi(other));
  }
}
