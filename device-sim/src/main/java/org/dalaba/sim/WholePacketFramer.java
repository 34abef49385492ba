package org.dalaba.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Passes on only whole MQTT packets, so Netty's MqttDecoder never sees one split across TCP reads.
 *
 * <p>Why: Netty 4.1.133's MqttDecoder rejects any packet whose variable header arrives in two reads
 * with a TooLongFrameException (netty/netty#16776, fixed in 4.1.134), which kills the connection. A burst
 * of commands to one endpoint is enough to trigger it. Harmless with a fixed Netty; remove once the build
 * is on 4.1.134 or later.
 */
final class WholePacketFramer extends ByteToMessageDecoder {

  static final String NAME = "dalabaWholePackets";
  /** Beyond this we stop framing: the decoder's own size limit rejects the packet and the connection. */
  private static final int MAX_BUFFERED = 1 << 20;

  private boolean passThrough;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (passThrough) {
      out.add(in.readRetainedSlice(in.readableBytes()));
      return;
    }
    int start = in.readerIndex();
    int available = in.readableBytes();
    // Fixed header: one type byte, then the remaining length in 1-4 bytes of 7 bits each.
    int remaining = 0;
    int multiplier = 1;
    int headerBytes = 1;
    while (true) {
      if (available < headerBytes + 1) {
        return;  // the length itself is not all here yet
      }
      byte b = in.getByte(start + headerBytes);
      headerBytes++;
      remaining += (b & 0x7F) * multiplier;
      if ((b & 0x80) == 0) {
        break;
      }
      multiplier *= 128;
      if (headerBytes > 4) {
        passThrough = true;  // malformed length: let the MQTT decoder report it
        out.add(in.readRetainedSlice(available));
        return;
      }
    }
    long packet = (long) headerBytes + remaining;
    if (packet > MAX_BUFFERED) {
      passThrough = true;
      out.add(in.readRetainedSlice(available));
      return;
    }
    if (available >= packet) {
      out.add(in.readRetainedSlice((int) packet));
    }
  }
}
