package org.palisade.core.location;

/** A Contact of a REGISTER, before it becomes a binding; null fields were absent. */
public record ContactSpec(String uri, Integer expires, Float q) {
}
