package org.palisade.core.media;

/**
 * What a relay counted for one call: RTP and RTCP together, per direction, as the CDR
 * reports it. "From caller" is what the party that sent the first offer sent.
 *
 * @param lastPacketMillis epoch milliseconds of the last packet in either direction, or the
 *                         time the call was set up when none has arrived yet
 */
public record MediaStats(long packetsFromCaller, long bytesFromCaller, long packetsFromCallee, long bytesFromCallee,
                         long lastPacketMillis) {
}
