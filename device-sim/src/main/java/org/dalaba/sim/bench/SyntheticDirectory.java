package org.dalaba.sim.bench;

/**
 * A county directory of N villages with one endpoint each, as the CSV the hub imports: 100 villages per
 * township, ids in the statistical-code style under Kaiyuan's county code (211282 + 3-digit township
 * + 3-digit village), every entry marked sample.
 */
final class SyntheticDirectory {
  static final int VILLAGES_PER_TOWNSHIP = 100;
  private static final String COUNTY = "211282";

  private SyntheticDirectory() {
  }

  static String csv(int villages) {
    if (villages < 1 || villages > 899 * VILLAGES_PER_TOWNSHIP) {
      throw new IllegalArgumentException("villages must be 1-" + 899 * VILLAGES_PER_TOWNSHIP + ", was " + villages);
    }
    StringBuilder csv = new StringBuilder("township_id,township_name,village_id,village_name,endpoint_ids,contact_name,"
        + "contact_phone,lat,lon,sample\n");
    for (int i = 0; i < villages; i++) {
      String township = COUNTY + (101 + i / VILLAGES_PER_TOWNSHIP);
      String village = township + String.format("%03d", 1 + i % VILLAGES_PER_TOWNSHIP);
      csv.append(township).append(",样例镇").append(township.substring(6)).append(',')
          .append(village).append(",样例村").append(village.substring(6)).append(",,,,,,true\n");
    }
    return csv.toString();
  }
}
