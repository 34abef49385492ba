package org.dalaba.hub.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a hub may keep its console batches to itself: only when it knows it is alone, and never for long after hearing another. */
class ChannelAudienceTest {
  private static final long MEMORY = 12_000;

  @Test
  void othersMayListenUntilThisHubIsSubscribedAndAPublishCountedOnlyItself() {
    ChannelAudience audience = new ChannelAudience(MEMORY);
    assertTrue(audience.othersMayListen(0), "nothing known yet");
    audience.published(audience.epoch(), 1);
    assertTrue(audience.othersMayListen(0), "the one receiver may be another hub while this one is not subscribed");
    audience.subscribed(true);
    assertTrue(audience.othersMayListen(0), "subscribed, not yet counted");
    audience.published(audience.epoch(), 1);
    assertFalse(audience.othersMayListen(0), "subscribed and alone");
    audience.published(audience.epoch(), 2);
    assertTrue(audience.othersMayListen(0), "a second receiver");
    audience.published(audience.epoch(), 0);
    assertTrue(audience.othersMayListen(0), "this hub's subscriber not where it publishes: others may be");
  }

  @Test
  void anotherHubHeardKeepsBatchesSharedForTheMemoryEvenIfACountSaysAlone() {
    ChannelAudience audience = new ChannelAudience(MEMORY);
    audience.subscribed(true);
    audience.published(audience.epoch(), 1);
    audience.heardOtherHub(1_000);
    assertTrue(audience.othersMayListen(1_000 + MEMORY - 1));
    assertFalse(audience.othersMayListen(1_000 + MEMORY));
  }

  @Test
  void aNewSubscriptionIsCountedAfresh() {
    ChannelAudience audience = new ChannelAudience(MEMORY);
    audience.subscribed(true);
    audience.published(audience.epoch(), 1);
    audience.subscribed(false);
    assertTrue(audience.othersMayListen(0), "lost the subscription");
    audience.subscribed(true);
    assertTrue(audience.othersMayListen(0), "the old count does not hold for the new subscriber");
  }

  @Test
  void aCountForAPublishSentBeforeTheSubscriptionSaysNothing() {
    ChannelAudience audience = new ChannelAudience(MEMORY);
    long before = audience.epoch();
    audience.subscribed(true);
    audience.published(before, 1); // then the one receiver may have been another hub
    assertTrue(audience.othersMayListen(0));
    audience.published(audience.epoch(), 1);
    assertFalse(audience.othersMayListen(0));
  }
}
