package org.dalaba.hub.audit;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Walks the audit stream oldest first, one entry at a time, and says whether every link holds. Entries written
 * before the chain existed (no {@code prev}) may only come first; the chain starts at the first entry with one. The
 * oldest kept entry's own {@code prev} cannot be checked once the cap has trimmed what came before it: the check
 * starts there and says so. Not thread-safe; fed by one caller at a time (pages in order).
 */
public final class ChainCheck {
  private long checked;
  private long legacy;
  private String firstId;
  private String lastId;
  private String chainStartsAt;
  private String previousHash;
  private boolean firstWasGenesis;
  private String brokenAt;
  private String reasonZh;
  private String reasonEn;

  /** Checks the next entry; returns false once the chain is broken (later entries are not looked at). */
  public boolean accept(String id, Map<String, String> fields) {
    if (brokenAt != null) {
      return false;
    }
    checked++;
    if (firstId == null) {
      firstId = id;
    }
    lastId = id;
    for (String name : fields.keySet()) {
      if (!AuditChain.FIELDS.contains(name)) {
        return broken(id, "条目含有不属于审计记录的字段“" + name + "”", "the entry has a field that audit entries do not have: " + name);
      }
    }
    String prev = fields.get("prev");
    if (prev == null) {
      if (chainStartsAt != null) {
        return broken(id, "条目缺少上一条的哈希（prev），链在此中断", "the entry carries no hash of the one before it (prev)");
      }
      legacy++;
    } else if (chainStartsAt == null) {
      chainStartsAt = id;
      firstWasGenesis = previousHash == null && AuditChain.GENESIS.equals(prev);
      if (previousHash != null && !previousHash.equals(prev)) {
        return mismatch(id); // the last entry from before the chain was changed
      }
    } else if (!previousHash.equals(prev)) {
      return mismatch(id);
    }
    previousHash = AuditChain.hash(id, fields);
    return true;
  }

  private boolean mismatch(String id) {
    return broken(id, "条目记录的上一条哈希与上一条的内容不符（上一条被修改、删除或插入）",
        "the hash it carries does not match the entry before it (that entry was changed, removed or inserted)");
  }

  private boolean broken(String id, String zh, String en) {
    brokenAt = id;
    reasonZh = zh;
    reasonEn = en;
    return false;
  }

  public boolean intact() {
    return brokenAt == null;
  }

  /**
   * {@code {"intact", "checked", "firstId", "lastId", "brokenAt", "reason", "chainStartsAt", "legacy", "trimmed",
   * "note", "lastHash"}}; {@code lastHash} is the hash the next entry will carry: noted down now and then, it anchors the
   * newest end, which a chain alone cannot protect (removing the newest entries leaves a shorter, intact chain); texts in Chinese unless {@code english}.
   */
  public JsonObject result(boolean english) {
    String note;
    boolean trimmed = chainStartsAt != null && legacy == 0 && !firstWasGenesis;
    if (checked == 0) {
      note = english ? "the audit trail is empty" : "审计日志为空";
    } else if (chainStartsAt == null) {
      note = english ? "every entry predates the hash chain: nothing to check yet"
          : "所有条目都早于哈希链启用，尚无可校验的链";
    } else if (legacy > 0) {
      note = english ? legacy + " entries written before the hash chain existed; the chain starts at " + chainStartsAt
          : "有 " + legacy + " 条记录早于哈希链启用；链从 " + chainStartsAt + " 开始";
    } else if (trimmed) {
      note = english ? "older entries were removed by the cap; the check starts at the oldest kept entry " + firstId
          : "更早的记录已按上限清除；校验从保留的最早一条 " + firstId + " 开始";
    } else {
      note = english ? "the chain starts at the very first entry" : "链从第一条记录开始，完整保留";
    }
    return new JsonObject().put("intact", intact()).put("checked", checked).put("firstId", firstId).put("lastId", lastId)
        .put("brokenAt", brokenAt).put("reason", brokenAt == null ? null : english ? reasonEn : reasonZh)
        .put("chainStartsAt", chainStartsAt).put("legacy", legacy).put("trimmed", trimmed).put("note", note)
        .put("lastHash", intact() ? previousHash : null);
  }
}
