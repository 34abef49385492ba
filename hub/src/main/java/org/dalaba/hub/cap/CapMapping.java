package org.dalaba.hub.cap;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.NationalFields;
import org.dalaba.hub.directory.Directory;

/**
 * Maps a valid CAP 1.2 message to what the hub does with it, by the table in docs/cap.md: which {@code info} (Chinese,
 * else the first), level from {@code severity} adjusted by {@code certainty} and {@code urgency}, title, spoken text,
 * targets from {@code area}, expiry, exercise from {@code status}, and what {@code msgType} means. Refuses (422, naming
 * the element) what it will not broadcast: a Draft, System, Ack or Error message, a restricted or private one, no
 * {@code info}, an event already past or unlikely, an expiry already gone, an area that covers none of the villages.
 * Pure: no I/O, the caller's clock.
 */
public final class CapMapping {
  /** eventCode valueName carrying the national event type code (GY/T 385 / GB/T 35561 classification), copied as is. */
  public static final String EVENT_TYPE_CODE = "GB/T 35561";
  /** parameter valueName carrying the national sender code of the issuing platform, copied as is. */
  public static final String SENDER_CODE = "EBM_SENDER_CODE";

  private CapMapping() {
  }

  public static CapPlan plan(CapMessage message, Directory dir, long nowMs) {
    boolean exercise = switch (message.status()) {
      case "Actual" -> false;
      case "Exercise", "Test" -> true;
      case "Draft" -> throw CapRefused.unprocessable("status", "元素 <status> 为 Draft（草稿）：草稿不会播出",
          "element <status> is Draft: drafts are never broadcast");
      default -> throw CapRefused.unprocessable("status", "元素 <status> 为 " + message.status() + "：系统消息不会播出",
          "element <status> is " + message.status() + ": system messages are never broadcast");
    };
    if (!"Public".equals(message.scope())) {
      throw CapRefused.unprocessable("scope", "元素 <scope> 为 " + message.scope() + "：只有面向公众（Public）的消息才能用大喇叭播出",
          "element <scope> is " + message.scope() + ": only Public messages may go out on public loudspeakers");
    }
    CapPlan.Kind kind = switch (message.msgType()) {
      case "Alert" -> CapPlan.Kind.ALERT;
      case "Update" -> CapPlan.Kind.UPDATE;
      case "Cancel" -> CapPlan.Kind.CANCEL;
      default -> throw CapRefused.unprocessable("msgType", "元素 <msgType> 为 " + message.msgType() + "：回执和错误消息不是预警，不会播出",
          "element <msgType> is " + message.msgType() + ": acknowledgements and error messages are not warnings");
    };
    if (kind != CapPlan.Kind.ALERT && message.references().isEmpty()) {
      throw CapRefused.unprocessable("references", "msgType 为 " + message.msgType() + " 的消息必须在 <references> 中写明它针对的原消息",
          "a message with msgType " + message.msgType() + " must name the messages it refers to in <references>");
    }
    if (kind == CapPlan.Kind.CANCEL) {
      return new CapPlan(kind, message, null, exercise, null, null, List.of());
    }
    if (message.infos().isEmpty()) {
      throw CapRefused.unprocessable("info", "消息没有 <info>：没有可播出的预警内容（事件、级别、区域）",
          "the message has no <info>: nothing to broadcast (event, severity, area)");
    }
    CapMessage.Info info = chinese(message.infos()).orElse(message.infos().get(0));
    AlertLevel level = level(info);
    String title = info.headline() != null && !info.headline().isBlank() ? info.headline() : info.event();
    String text = spoken(info, title);
    long expiresAt = expiry(message, info, nowMs);
    if (info.areas().isEmpty()) {
      throw CapRefused.unprocessable("area", "<info> 没有 <area>：大喇叭只向写明的区域播出",
          "the <info> has no <area>: loudspeakers broadcast only to a named area");
    }
    CapAreas.Match match = CapAreas.match(info.areas(), dir);
    if (match.villageIds().isEmpty()) {
      String zh = String.join("；", match.notes().stream().map(n -> n.split("\\|", 2)[0]).toList());
      String en = String.join("; ", match.notes().stream().map(n -> n.split("\\|", 2)[1]).toList());
      throw CapRefused.unprocessable("area", "<area> 没有覆盖本县（" + dir.countyName() + "）的任何一个村，未播出" + (zh.isEmpty() ? "" : "：" + zh),
          "the <area> covers none of this county's villages; nothing was sent" + (en.isEmpty() ? "" : ": " + en));
    }
    JsonObject body = new JsonObject().put("title", title).put("text", text).put("level", level.wire())
        .put("targets", CapAreas.targets(match.villageIds(), dir).toJson());
    if (expiresAt > 0) {
      body.put("expiresAt", expiresAt);
    }
    AlertMeta.Translation english = english(message.infos(), info);
    NationalFields national = new NationalFields(CapMessage.Info.valueOf(info.eventCodes(), EVENT_TYPE_CODE),
        CapMessage.Info.valueOf(info.parameters(), SENDER_CODE), null);
    return new CapPlan(kind, message, body, exercise, english, national, match.notes());
  }

  /** The first {@code info} in Chinese: language zh, zh-CN or any other zh-… tag. */
  static Optional<CapMessage.Info> chinese(List<CapMessage.Info> infos) {
    return infos.stream().filter(i -> isLanguage(i.language(), "zh")).findFirst();
  }

  private static boolean isLanguage(String tag, String language) {
    String lower = tag == null ? "" : tag.toLowerCase(Locale.ROOT);
    return lower.equals(language) || lower.startsWith(language + "-");
  }

  private static AlertMeta.Translation english(List<CapMessage.Info> infos, CapMessage.Info chosen) {
    return infos.stream().filter(i -> i != chosen && isLanguage(i.language(), "en")).findFirst().map(i -> {
      String title = i.headline() != null && !i.headline().isBlank() ? i.headline() : i.event();
      return new AlertMeta.Translation(title, spoken(i, title));
    }).orElse(null);
  }

  /**
   * severity → level (Extreme red, Severe orange, Moderate yellow, Minor blue, Unknown blue); certainty Possible one
   * level lower (never below blue); certainty Unlikely or urgency Past refused.
   */
  static AlertLevel level(CapMessage.Info info) {
    if ("Past".equals(info.urgency())) {
      throw CapRefused.unprocessable("urgency", "元素 <urgency> 为 Past：事件已经过去，无需再采取行动，不播出",
          "element <urgency> is Past: the event is over and no action is needed; not broadcast");
    }
    if ("Unlikely".equals(info.certainty())) {
      throw CapRefused.unprocessable("certainty", "元素 <certainty> 为 Unlikely：事件不太可能发生，不播出",
          "element <certainty> is Unlikely: the event is not expected to occur; not broadcast");
    }
    AlertLevel level = switch (info.severity()) {
      case "Extreme" -> AlertLevel.RED;
      case "Severe" -> AlertLevel.ORANGE;
      case "Moderate" -> AlertLevel.YELLOW;
      default -> AlertLevel.BLUE; // Minor, Unknown
    };
    if ("Possible".equals(info.certainty()) && level != AlertLevel.BLUE) {
      level = AlertLevel.values()[level.ordinal() - 1];
    }
    return level;
  }

  /** description, then instruction, on separate lines; only a title when the message has neither. */
  private static String spoken(CapMessage.Info info, String title) {
    StringBuilder text = new StringBuilder();
    if (info.description() != null && !info.description().isBlank()) {
      text.append(info.description().strip());
    }
    if (info.instruction() != null && !info.instruction().isBlank()) {
      text.append(text.length() > 0 ? "\n" : "").append(info.instruction().strip());
    }
    return text.length() > 0 ? text.toString() : title;
  }

  /** {@code expires} (or the hub's default when absent), never already past, never before {@code sent} or {@code effective}. */
  private static long expiry(CapMessage message, CapMessage.Info info, long nowMs) {
    if (info.expires() == null) {
      return 0; // the alert validator's default expiry
    }
    long expires = info.expires().toInstant().toEpochMilli();
    if (expires <= message.sent().toInstant().toEpochMilli()) {
      throw CapRefused.unprocessable("expires", "元素 <expires> 的时间早于 <sent>（发送时间）：时间有误",
          "element <expires> is before <sent>: the times are wrong");
    }
    if (info.effective() != null && expires <= info.effective().toInstant().toEpochMilli()) {
      throw CapRefused.unprocessable("expires", "元素 <expires> 的时间早于 <effective>（生效时间）：时间有误",
          "element <expires> is before <effective>: the times are wrong");
    }
    if (expires <= nowMs) {
      throw CapRefused.unprocessable("expires", "预警已过期：元素 <expires> 的时间 " + info.expires() + " 已经过去，未播出",
          "the warning has expired: element <expires> (" + info.expires() + ") is past; nothing was sent");
    }
    return expires;
  }
}
