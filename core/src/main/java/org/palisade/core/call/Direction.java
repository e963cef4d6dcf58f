package org.palisade.core.call;

public enum Direction { INTERNAL, OUTBOUND, INBOUND }
