package org.dalaba.sim;

/** A reference to audio on the hub: content hash (lower-case hex), where to GET it, its size. */
record MediaRef(String sha256, String url, long bytes) {
}
