package org.dalaba.hub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.media.MediaItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may use and who may change routine material, on the two-township directory of {@link ScopeTest}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MaterialAccessTest {
  static final Directory DIR = ScopeTest.DIRECTORY;

  static User user(Scope scope) {
    return new User("u", "", Role.VILLAGE_OPERATOR, scope, 0);
  }

  @Test
  void countyMaterialIsUsableByAllAndChangeableByTheCountyOnly() {
    for (Scope scope : new Scope[] {Scope.village("a1"), Scope.township("B")}) {
      assertTrue(MaterialAccess.usable(user(scope), Scope.COUNTY, DIR));
      assertFalse(MaterialAccess.changeable(user(scope), Scope.COUNTY, DIR));
    }
    assertTrue(MaterialAccess.changeable(user(Scope.COUNTY), Scope.village("b1"), DIR));
  }

  @Test
  void townshipMaterialIsUsableByItsVillagesAndInvisibleToOtherTownships() {
    Scope a = Scope.township("A");
    assertTrue(MaterialAccess.usable(user(Scope.village("a2")), a, DIR));
    assertFalse(MaterialAccess.changeable(user(Scope.village("a2")), a, DIR));
    assertFalse(MaterialAccess.usable(user(Scope.village("b1")), a, DIR));
    assertFalse(MaterialAccess.usable(user(Scope.township("B")), a, DIR));
    assertTrue(MaterialAccess.changeable(user(a), Scope.village("a1"), DIR), "a township manages its villages' material");
    assertFalse(MaterialAccess.usable(user(Scope.village("a1")), Scope.village("a2"), DIR), "villages do not share");
  }

  @Test
  void sharedBytesWidenToTheSmallestScopeBothCanUse() {
    assertEquals(Scope.township("A"), Scope.village("a1").widenedTo(Scope.village("a2"), DIR));
    assertEquals(Scope.COUNTY, Scope.village("a1").widenedTo(Scope.village("b1"), DIR));
    assertEquals(Scope.township("A"), Scope.township("A").widenedTo(Scope.village("a2"), DIR));
  }

  @Test
  void materialStoredBeforeScopesIsCountyMaterial() {
    assertEquals(Scope.COUNTY, MediaItem.storedScope(null));
    assertEquals(Scope.COUNTY, MediaItem.storedScope("nonsense"));
    assertEquals(Scope.township("A"), MediaItem.storedScope("township:A"));
  }
}
