package org.dalaba.sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base for test classes that talk to a real Mosquitto: one broker per test class, started before its first test
 * and stopped after its last. Test classes run one after another, so the static field is never shared.
 */
abstract class MosquittoTestSupport {

  protected static MosquittoBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = MosquittoBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }
}
