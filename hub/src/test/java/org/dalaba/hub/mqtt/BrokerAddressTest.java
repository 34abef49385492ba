package org.dalaba.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** mqtt.url as an operator writes it: one broker, or the nodes of a cluster, comma-separated. */
class BrokerAddressTest {
  @Test
  void readsPlainAndTlsNodesWithTheirDefaultPorts() {
    assertEquals(List.of(new BrokerAddress("broker", 1883, false), new BrokerAddress("10.0.0.2", 8883, true),
            new BrokerAddress("node-3", 31883, false)),
        BrokerAddress.parseAll("tcp://broker, ssl://10.0.0.2 ,tcp://node-3:31883"));
  }

  @Test
  void readsAnIpv6Literal() {
    BrokerAddress node = BrokerAddress.parseAll("tcp://[::1]:1884").get(0);
    assertEquals("::1", node.host());
    assertEquals("tcp://[::1]:1884", node.toString());
  }

  @Test
  void refusesWhatIsNotABrokerAddressNamingIt() {
    for (String wrong : List.of("broker:1883", "http://broker:1883", "tcp://broker:1883/path", "tcp://", "tcp://a b")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrokerAddress.parseAll(wrong), wrong);
      assertTrue(e.getMessage().contains("tcp://host:port"), e.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerAddress.parseAll(" , ")).getMessage()
        .contains("no MQTT broker address"));
  }
}
