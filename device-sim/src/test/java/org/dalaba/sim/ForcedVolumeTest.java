package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The volume a speaker plays at around alerts with a forced volume (docs/protocol.md, "alert": volume). */
class ForcedVolumeTest {
  private final ForcedVolume forced = new ForcedVolume();

  @Test
  void anAlertPlaysAtItsVolumeAndTheOwnVolumeReturnsAfterIt() {
    forced.expect("a-1", 100);
    int volume = forced.started("a-1", 70);
    assertEquals(100, volume);
    assertEquals(70, forced.ended("a-1", false, volume));
  }

  @Test
  void anAlertWithoutVolumeAndARoutinePlayKeepTheOwnVolume() {
    forced.expect("a-1", -1);
    assertEquals(70, forced.started("a-1", 70));
    assertEquals(70, forced.started("r-1", 70));
    assertEquals(70, forced.ended("r-1", false, 70));
  }

  @Test
  void aHigherAlertInterruptingALowerOneRestoresTheOwnVolumeNotTheLowerOnes() {
    forced.expect("a-blue", 70);
    forced.expect("a-red", 100);
    int volume = forced.started("a-blue", 40);
    volume = forced.ended("a-blue", true, volume); // preempted
    assertEquals(40, volume);
    volume = forced.started("a-red", volume);
    assertEquals(100, volume);
    volume = forced.ended("a-red", false, volume);
    assertEquals(40, volume);
    // the preempted alert, played again, keeps its forced volume
    assertEquals(70, forced.started("a-blue", volume));
  }

  @Test
  void aVolumeCommandDuringAForcedAlertIsTheVolumeRestoredAfterIt() {
    forced.expect("a-1", 100);
    int volume = forced.started("a-1", 70);
    volume = forced.setOwn(30, volume);
    assertEquals(100, volume);
    assertEquals(30, forced.ended("a-1", false, volume));
    assertEquals(55, forced.setOwn(55, 30));
  }
}
