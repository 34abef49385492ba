// Ogg Opus in the browser (RFC 3533 pages, RFC 7845 Opus mapping): the identification header
// (OpusHead), the comment header (OpusTags), then audio pages, each page one piece of the live stream
// the hub's source socket expects (docs/api.md, "Live sessions").

const CRC_TABLE = (() => {
  // RFC 3533's CRC-32: polynomial 0x04c11db7, most significant bit first, initial value 0, no final xor
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return crc >>> 0;
}

export const BOS = 0x02;
export const EOS = 0x04;

/** One Ogg page holding whole packets (each under 64 KiB): header, lacing values, data, CRC. */
export function oggPage({ flags = 0, granule, serial, sequence, packets }) {
  const lacing = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) { lacing.push(255); left -= 255; }
    lacing.push(left); // a packet of a multiple of 255 bytes ends with a 0
  }
  if (lacing.length > 255) throw new Error('too many segments for one Ogg page');
  const size = packets.reduce((n, p) => n + p.length, 0);
  const page = new Uint8Array(27 + lacing.length + size);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53]); // "OggS"
  page[4] = 0; // stream structure version
  page[5] = flags;
  view.setBigInt64(6, BigInt(granule), true);
  view.setUint32(14, serial >>> 0, true);
  view.setUint32(18, sequence >>> 0, true);
  // bytes 22–25 (the CRC) stay 0 while it is computed
  page[26] = lacing.length;
  page.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const packet of packets) { page.set(packet, at); at += packet.length; }
  view.setUint32(22, crc32(page), true);
  return page;
}

/** The 19-byte OpusHead (RFC 7845 5.1), channel mapping family 0. */
export function opusHead({ channels = 1, preSkip = 312, inputRate = 48000 }) {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode('OpusHead'));
  head[8] = 1;
  head[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputRate, true);
  view.setInt16(16, 0, true);
  head[18] = 0;
  return head;
}

/** OpusTags (RFC 7845 5.2): vendor string and user comments "KEY=value". */
export function opusTags(vendor, comments = []) {
  const encoder = new TextEncoder();
  const parts = [encoder.encode('OpusTags')];
  const u32 = (n) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
  const v = encoder.encode(vendor);
  parts.push(u32(v.length), v, u32(comments.length));
  for (const comment of comments) { const c = encoder.encode(comment); parts.push(u32(c.length), c); }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * Writes one logical Ogg Opus stream page by page: headers() gives the OpusHead and OpusTags pages,
 * audio(packet, samples) one page per packet with the granule position (48 kHz samples, pre-skip
 * included) at its end; the page passed last=true carries end-of-stream.
 */
export class OggOpusWriter {
  constructor(serial = (Math.random() * 0x100000000) >>> 0) {
    this.serial = serial;
    this.sequence = 0;
    this.granule = 0;
  }

  headers(head, tags) {
    this.granule = 0;
    return [this.page(BOS, 0, [head]), this.page(0, 0, [tags])];
  }

  audio(packet, samples, last = false) {
    this.granule += samples;
    return this.page(last ? EOS : 0, this.granule, [packet]);
  }

  page(flags, granule, packets) {
    return oggPage({ flags, granule, serial: this.serial, sequence: this.sequence++, packets });
  }
}
