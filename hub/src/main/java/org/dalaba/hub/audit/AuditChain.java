package org.dalaba.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hash chain of the audit stream (docs/api.md, "Audit chain"). Each entry carries in {@code prev} the hash of
 * the entry before it: lowercase hex SHA-256 of {@code dlb-audit-1,} followed by, for the entry's id, user, action,
 * at, details and prev in this order, the value's length in UTF-8 bytes (decimal), {@code :}, the value, and
 * {@code ,}. A missing field counts as the empty string. The first entry of an empty stream carries {@link #GENESIS}.
 * The Redis script {@code audit-append.lua} computes the same hash when it appends; this class checks it.
 */
public final class AuditChain {
  /** The fields an entry holds, in the order they are hashed (after the id). */
  public static final List<String> FIELDS = List.of("user", "action", "at", "details", "prev");
  /** {@code prev} of the very first entry: nothing came before it. */
  public static final String GENESIS = "0".repeat(64);
  private static final String VERSION = "dlb-audit-1,";

  private AuditChain() {
  }

  /** The bytes that are hashed for one entry. */
  public static byte[] canonical(String id, Map<String, String> fields) {
    StringBuilder text = new StringBuilder(VERSION);
    append(text, id);
    for (String name : FIELDS) {
      append(text, fields.getOrDefault(name, ""));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder text, String value) {
    text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(',');
  }

  /** The hash the next entry must carry in {@code prev}. */
  public static String hash(String id, Map<String, String> fields) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(id, fields)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
