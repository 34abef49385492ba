package org.dalaba.sim.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;
import java.util.List;

/** Ogg Vorbis through jorbis's low-level API (three header packets, then audio packets). */
final class VorbisDecoder {

  private VorbisDecoder() {
  }

  static short[] decode(byte[] file) throws IOException {
    List<byte[]> packets = OggPages.packets(file);
    if (packets.size() < 3) {
      throw new IOException("Ogg Vorbis without its three header packets");
    }
    Info info = new Info();
    Comment comment = new Comment();
    info.init();
    comment.init();
    for (int i = 0; i < 3; i++) {
      if (info.synthesis_headerin(comment, packet(packets.get(i), i, i == 0)) < 0) {
        throw new IOException("Ogg Vorbis header " + (i + 1) + " cannot be read");
      }
    }
    int channels = info.channels;
    DspState dsp = new DspState();
    dsp.synthesis_init(info);
    Block block = new Block(dsp);
    float[][][] pcm = new float[1][][];
    int[] index = new int[channels];
    short[] all = new short[1 << 16];
    int length = 0;
    for (int i = 3; i < packets.size(); i++) {
      if (block.synthesis(packet(packets.get(i), i, false)) == 0) {
        dsp.synthesis_blockin(block);
      }
      int frames;
      while ((frames = dsp.synthesis_pcmout(pcm, index)) > 0) {
        if (length + frames * channels > all.length) {
          all = java.util.Arrays.copyOf(all, Math.max(all.length * 2, length + frames * channels));
        }
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            int v = Math.round(pcm[0][c][index[c] + f] * 32767f);
            all[length++] = (short) Math.max(-32768, Math.min(32767, v));
          }
        }
        dsp.synthesis_read(frames);
      }
    }
    return Pcm.toOutput(all, length, channels, info.rate);
  }

  private static Packet packet(byte[] bytes, long number, boolean first) {
    Packet p = new Packet();
    p.packet_base = bytes;
    p.packet = 0;
    p.bytes = bytes.length;
    p.b_o_s = first ? 1 : 0;
    p.e_o_s = 0;
    p.packetno = number;
    p.granulepos = -1;
    return p;
  }
}
