package org.dalaba.hub.media;

/**
 * One HTTP byte range ({@code Range: bytes=first-last}, {@code bytes=first-}, {@code bytes=-suffix})
 * resolved against a file length. Multiple ranges are not supported: a client asking for several gets
 * the whole file, which RFC 9110 allows.
 */
public record ByteRange(long first, long last) {
  public long length() { return last - first + 1; }

  /** Unsatisfiable (answer 416). */
  public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -2);

  /** @return the range, null for "send the whole file", or {@link #UNSATISFIABLE} */
  public static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        return suffix <= 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (first >= size || last < first) {
        return UNSATISFIABLE;
      }
      return new ByteRange(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
