package org.dalaba.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cluster transaction is split: one group per slot, in the order the slots first appear. */
class SlotGroupsTest {
  @Test
  void anAlertsOwnKeysComeFirstAndEachIndexIsItsOwnGroup() {
    String id = "a-20260101-groups01";
    List<Request> writes = List.of(Request.cmd(Command.SET).arg(Keys.alert(id)).arg("{}"),
        Request.cmd(Command.HSET).arg(Keys.deliveries("alert", id)).arg("e").arg("{}"),
        Request.cmd(Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(1).arg(id),
        Request.cmd(Command.HSET).arg(Keys.counts("alert", id)).arg("pending").arg(1),
        Request.cmd(Command.SADD).arg(Keys.ALERTS_OPEN).arg(id),
        Request.cmd(Command.PING));
    assertEquals(List.of(List.of(0, 1, 3), List.of(2), List.of(4, 5)), SlotGroups.of(writes));
  }

  @Test
  void aScriptIsPlacedByTheKeysItDeclaresAndOneSpanningSlotsIsRefused() {
    String id = "a-20260101-groups02";
    Request script = Request.cmd(Command.EVALSHA).arg("0".repeat(40)).arg(2).arg(Keys.deliveries("alert", id))
        .arg(Keys.counts("alert", id)).arg("e1").arg("played");
    assertEquals(HashSlot.of(Keys.alert(id)), HashSlot.of(script));
    assertThrows(IllegalArgumentException.class, () -> HashSlot.of(Request.cmd(Command.EVALSHA).arg("0".repeat(40)).arg(2)
        .arg(Keys.deliveries("alert", id)).arg(Keys.ALERTS_OPEN)));
  }
}
