package org.palisade.core.call;

/** Who ended a call. */
public enum Party { CALLER, CALLEE, SYSTEM }
