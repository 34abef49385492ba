package org.dalaba.hub.live;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream that arrives in arbitrary chunks (an HTTP upload) into whole Ogg pages, holding at most one
 * page's worth of bytes; a page longer than {@code maxPageBytes} is refused before it is read.
 */
final class OggPageReader {
  private final int maxPageBytes;
  private Buffer pending = Buffer.buffer();

  OggPageReader(int maxPageBytes) {
    this.maxPageBytes = maxPageBytes;
  }

  /** @return the pages completed by this chunk, in order */
  List<Buffer> feed(Buffer chunk) throws OggPage.BadPage, LiveAudioException {
    pending.appendBuffer(chunk);
    List<Buffer> pages = new ArrayList<>();
    int offset = 0;
    while (true) {
      int length = OggPage.lengthAt(pending, offset);
      if (length > maxPageBytes) {
        throw LiveAudioException.tooLarge();
      }
      if (length < 0 || pending.length() - offset < length) {
        if (pending.length() - offset > maxPageBytes) {
          throw LiveAudioException.tooLarge();
        }
        break;
      }
      pages.add(pending.getBuffer(offset, offset + length));
      offset += length;
    }
    if (offset > 0) {
      pending = pending.getBuffer(offset, pending.length());
    }
    return pages;
  }

  /** Whether bytes of an unfinished page are left (the stream ended in the middle of one). */
  boolean midPage() {
    return pending.length() > 0;
  }
}
