package org.dalaba.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class ReportTapTest {
  /** Runs scheduled drains only when told to, like an event loop that is busy meanwhile. */
  private final Queue<Runnable> pending = new ArrayDeque<>();
  private final List<String> delivered = new ArrayList<>();
  private final ReportTap tap = new ReportTap();

  private void runPending() {
    Runnable next;
    while ((next = pending.poll()) != null) {
      next.run();
    }
  }

  private void attach() {
    tap.attach(pending::add, (topic, payload) -> delivered.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void reportsOfferedBeforeTheHubAttachesWaitAndArriveInOrder() {
    tap.offer("t", text("1"));
    tap.offer("t", text("2"));
    assertTrue(pending.isEmpty(), "nothing scheduled before anyone attached");
    attach();
    tap.offer("t", text("3"));
    runPending();
    assertEquals(List.of("t 1", "t 2", "t 3"), delivered);
  }

  @Test
  void aBurstIsDeliveredInBatchesThatYieldTheThread() {
    attach();
    for (int i = 0; i < 5_000; i++) {
      tap.offer("t", text(Integer.toString(i)));
    }
    assertEquals(1, pending.size(), "one drain scheduled for the whole burst");
    pending.poll().run();
    assertTrue(delivered.size() < 5_000, "the first drain delivered one batch, not everything");
    assertEquals(1, pending.size(), "and scheduled the next");
    runPending();
    assertEquals(5_000, delivered.size());
    assertEquals("t 4999", delivered.get(4_999));
  }

  @Test
  void beyondTheBoundReportsAreDroppedAndCounted() {
    for (int i = 0; i < ReportTap.MAX_BUFFERED + 3; i++) {
      tap.offer("t", new byte[0]);
    }
    assertEquals(3, tap.dropped());
    attach();
    runPending();
    assertEquals(ReportTap.MAX_BUFFERED, delivered.size());
    tap.offer("t", text("after"));
    runPending();
    assertEquals("t after", delivered.get(delivered.size() - 1));
    assertEquals(3, tap.dropped());
  }

  @Test
  void afterDetachReportsWaitForTheNextAttach() {
    attach();
    tap.detach();
    tap.offer("t", text("x"));
    runPending();
    assertTrue(delivered.isEmpty());
    attach();
    runPending();
    assertEquals(List.of("t x"), delivered);
  }
}
