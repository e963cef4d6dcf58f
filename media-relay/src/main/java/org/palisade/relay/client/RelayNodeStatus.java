package org.palisade.relay.client;

/**
 * One node as the pool sees it now, for health and metrics pages.
 *
 * @param ng        its ng address, HOST:PORT
 * @param lastError the last thing that went wrong with it (a missed ping, a refused or
 *                  unanswered request), null if nothing has; kept after it is up again
 */
public record RelayNodeStatus(String name, String ng, int weight, boolean up, String lastError) {
}
