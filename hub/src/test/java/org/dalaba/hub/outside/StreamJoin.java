package org.dalaba.hub.outside;

import java.net.http.HttpResponse;
import java.util.List;

/**
 * What one pull of a live stream looked like from the speaker: the answer's status and headers, the header pages,
 * and each audio page's granule, duration and arrival, checked against docs/protocol.md "Live stream".
 */
final class StreamJoin {
  /** One audio page as it arrived. */
  record AudioPage(long granule, int sequence, long samples, long arrivedMs, boolean end) {
  }

  final long anchorMs;
  volatile int status;
  volatile String contentType;
  volatile String cacheControl;
  volatile String anchorHeader;
  volatile long retryAfterSeconds;
  volatile String outcome;
  /** Bytes of every page received, header pages included. */
  volatile long bytes;
  final List<AudioPage> audio = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Places where the stream differed from the document without being unplayable. */
  final List<String> deviations = new java.util.concurrent.CopyOnWriteArrayList<>();
  long lastPageSamples;
  private int headerPages;
  private Long serial;

  StreamJoin(long anchorMs) {
    this.anchorMs = anchorMs;
  }

  void answered(HttpResponse.ResponseInfo info) {
    status = info.statusCode();
    contentType = info.headers().firstValue("Content-Type").orElse(null);
    cacheControl = info.headers().firstValue("Cache-Control").orElse(null);
    anchorHeader = info.headers().firstValue("X-Dalaba-Anchor-Ms").orElse(null);
    retryAfterSeconds = info.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
  }

  boolean isAudio(OggPageParser.Page page) {
    return headerPages >= 2 && !audio.isEmpty() && audio.get(audio.size() - 1).sequence() == page.sequence();
  }

  /** Takes one page in; returns why the stream is not Ogg Opus as promised, or null. */
  String accept(OggPageParser.Page page, long arrivedMs) {
    bytes += page.bytes();
    if (serial == null) {
      serial = (long) page.serial();
    } else if (serial != page.serial()) {
      return "a second logical stream (serial " + page.serial() + ")";
    }
    if (headerPages == 0) {
      if (!page.beginning() || page.packets().size() != 1 || !OpusPackets.isHead(page.packets().get(0))) {
        return "first page is not OpusHead";
      }
      if (OpusPackets.channels(page.packets().get(0)) != 1) {
        deviations.add("OpusHead has " + OpusPackets.channels(page.packets().get(0)) + " channels, the document says mono");
      }
      headerPages = 1;
      return null;
    }
    if (headerPages == 1) {
      if (page.packets().isEmpty() || !OpusPackets.isTags(page.packets().get(0))) {
        return "second page is not OpusTags";
      }
      headerPages = 2;
      return null;
    }
    long samples = page.packets().stream().mapToLong(OpusPackets::samples).sum();
    AudioPage previous = audio.isEmpty() ? null : audio.get(audio.size() - 1);
    if (previous != null && page.sequence() == previous.sequence() + 1 && page.granule() - previous.granule() != samples) {
      deviations.add("page " + page.sequence() + ": granule advanced " + (page.granule() - previous.granule())
          + " samples, its packets hold " + samples);
    }
    if (previous != null && page.granule() < previous.granule()) {
      return "granule position went back";
    }
    if (samples < 960 || samples > 48_000) {
      deviations.add("page " + page.sequence() + " holds " + samples / 48.0 + " ms, the document says 20–60 ms (at most 1 s)");
    }
    lastPageSamples = samples;
    audio.add(new AudioPage(page.granule(), page.sequence(), samples, arrivedMs, page.end()));
    return null;
  }
}
