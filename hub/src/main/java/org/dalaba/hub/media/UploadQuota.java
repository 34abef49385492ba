package org.dalaba.hub.media;

import java.util.List;
import java.util.Locale;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.refusal.Refusal;
import org.dalaba.hub.directory.Directory;

/**
 * How much uploaded audio may be kept: per user (township and village users), per township (its own
 * and its villages' material together) and for the whole county (media.quota*Megabytes). Only
 * uploads count; spoken texts are bounded by speech.maxCharsPerRequest instead. Checked after the
 * upload is on disk and before it is kept, so two uploads at the same moment may pass a quota by one
 * file each.
 */
public final class UploadQuota {
  private final long userBytes;
  private final long townshipBytes;
  private final long countyBytes;

  public UploadQuota(long userBytes, long townshipBytes, long countyBytes) {
    this.userBytes = userBytes;
    this.townshipBytes = townshipBytes;
    this.countyBytes = countyBytes;
  }

  /** @return a 413 naming what is used and allowed when {@code bytes} more would pass a quota, else null */
  public Refusal check(User user, long bytes, List<MediaItem> stored, Directory directory) {
    List<MediaItem> uploads = stored.stream().filter(i -> "upload".equals(i.origin())).toList();
    if (!user.scope().isCounty()) {
      long mine = uploads.stream().filter(i -> user.username().equals(i.createdBy())).mapToLong(MediaItem::bytes).sum();
      if (mine + bytes > userBytes) {
        return refused("您上传的音频已用", "your uploads use", mine, userBytes, bytes);
      }
      String township = user.scope().townshipId(directory);
      if (township != null) {
        Scope whole = Scope.township(township);
        long used = uploads.stream().filter(i -> whole.contains(i.scope(), directory)).mapToLong(MediaItem::bytes).sum();
        if (used + bytes > townshipBytes) {
          String name = directory.township(township).map(t -> t.name()).orElse(township);
          return refused("本乡镇（" + name + "）已用", "the township " + township + " uses", used, townshipBytes, bytes);
        }
      }
    }
    long county = uploads.stream().mapToLong(MediaItem::bytes).sum();
    if (county + bytes > countyBytes) {
      return refused("全县已用", "the county uses", county, countyBytes, bytes);
    }
    return null;
  }

  private static Refusal refused(String whoZh, String whoEn, long used, long allowed, long bytes) {
    return Refusal.tooLarge("quota_exceeded", "file",
        "存储配额已满：" + whoZh + " " + mb(used) + "，上限 " + mb(allowed) + "，本文件 " + mb(bytes) + "。请先删除不再使用的音频。",
        "storage quota reached: " + whoEn + " " + mb(used) + " of " + mb(allowed) + ", this file is " + mb(bytes)
            + "; delete recordings no longer used first");
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
  }
}
