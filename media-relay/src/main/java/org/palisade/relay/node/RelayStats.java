package org.palisade.relay.node;

/**
 * A relay node's figures for monitoring.
 *
 * @param activeCalls    calls the relay carries now
 * @param packetsRelayed packets forwarded since the start
 * @param bytesRelayed   bytes forwarded since the start
 * @param freePortPairs  RTP/RTCP port pairs free now
 * @param totalPortPairs port pairs in the configured range
 */
public record RelayStats(int activeCalls, long packetsRelayed, long bytesRelayed, int freePortPairs, int totalPortPairs) {
}
