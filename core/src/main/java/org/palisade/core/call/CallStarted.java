package org.palisade.core.call;

/** The facts known when a call starts being routed. */
public record CallStarted(String callId, String caller, String callee, Direction direction, long startMillis,
                          String callerSource) {
}
